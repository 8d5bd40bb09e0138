/** IPv4 and IPv6 CIDRs as NetworkPolicy `ipBlock`s take them, parsed so they can be compared. */

/** A parsed CIDR: the address family, the network address as a number and the prefix length. */
export interface Cidr {
  readonly family: 4 | 6;
  readonly address: bigint;
  readonly prefix: number;
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)) return undefined;
  return parts.reduce((sum, part) => (sum << 8n) + BigInt(part), 0n);
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = halves.map((half) => (half === '' ? [] : half.split(':')));
  if (!groups.flat().every((group) => /^[0-9a-fA-F]{1,4}$/.test(group))) return undefined;
  const count = groups.flat().length;
  if (halves.length === 1 ? count !== 8 : count > 7) return undefined;
  const all = halves.length === 1 ? groups[0] : [...groups[0], ...Array(8 - count).fill('0'), ...groups[1]];
  return all.reduce((sum, group) => (sum << 16n) + BigInt(`0x${group}`), 0n);
}

/** Parses `a.b.c.d/n` or an IPv6 `x:y::/n`; `undefined` when the text is not a CIDR. */
export function parseCidr(text: string): Cidr | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text);
  if (!match) return undefined;
  const prefix = Number(match[2]);
  const v4 = parseIpv4(match[1]);
  if (v4 !== undefined) return prefix <= 32 ? { family: 4, address: v4, prefix } : undefined;
  const v6 = match[1].includes(':') ? parseIpv6(match[1]) : undefined;
  return v6 !== undefined && prefix <= 128 ? { family: 6, address: v6, prefix } : undefined;
}

const bitsOf = (cidr: Cidr): number => (cidr.family === 4 ? 32 : 128);
const networkOf = (cidr: Cidr, prefix: number): bigint => {
  const host = BigInt(bitsOf(cidr) - prefix);
  return (cidr.address >> host) << host;
};

/** Whether `outer` contains every address of `inner` (same family only). */
export function cidrCovers(outer: Cidr, inner: Cidr): boolean {
  return outer.family === inner.family && outer.prefix <= inner.prefix && networkOf(outer, outer.prefix) === networkOf(inner, outer.prefix);
}

/** Whether two CIDRs share any address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return cidrCovers(a, b) || cidrCovers(b, a);
}
