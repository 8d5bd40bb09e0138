import { readFileSync } from 'node:fs';
import { BLOCKED_IPV4, BLOCKED_IPV6, BLOCKED_RANGES, publicEgressPeers } from '../../lib/kube/egress-blocklist';
import { Cidr, cidrCovers, parseCidr } from '../../lib/kube/cidr';
import { fixturePath } from '../support/vendored';

/** The rows of a CSV file (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes). */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 1; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** One block of IANA's registries, with its Globally Reachable column (`True`, `False`, `N/A` or `` for deprecated blocks). */
interface IanaBlock { readonly cidr: Cidr; readonly text: string; readonly name: string; readonly reachable: string }

function registry(file: string): IanaBlock[] {
  const [header, ...rows] = csvRows(readFileSync(fixturePath('iana', file), 'utf8'));
  const column = (name: string) => header.indexOf(name);
  expect([column('Address Block'), column('Name'), column('Globally Reachable')].every((index) => index >= 0)).toBe(true);
  // "192.0.0.0/24 [2]" (a footnote), "192.0.0.170/32, 192.0.0.171/32" (two blocks in one row), "False [1]".
  return rows.flatMap((row) => row[column('Address Block')].split(',').map((text) => {
    const cidrText = text.trim().replace(/\s*\[\d+\]$/, '');
    const cidr = parseCidr(cidrText);
    if (!cidr) throw new Error(`${file}: "${text}" is not a CIDR`);
    return { cidr, text: cidrText, name: row[column('Name')], reachable: row[column('Globally Reachable')].replace(/\s*\[\d+\]$/, '') };
  }));
}

const IANA = [...registry('iana-ipv4-special-registry-1.csv'), ...registry('iana-ipv6-special-registry-1.csv')];
const BLOCKED = BLOCKED_RANGES.map((range) => ({ ...range, parsed: parseCidr(range.cidr)! }));

type Interval = readonly [bigint, bigint];
const bits = (cidr: Cidr) => (cidr.family === 4 ? 32 : 128);
const interval = (cidr: Cidr): Interval => [cidr.address, cidr.address + (1n << BigInt(bits(cidr) - cidr.prefix)) - 1n];

/** `from` minus every interval of `cut`. */
function subtract(from: Interval[], cut: readonly Interval[]): Interval[] {
  return cut.reduce<Interval[]>((rest, [a, b]) => rest.flatMap(([x, y]): Interval[] => {
    if (b < x || a > y) return [[x, y]];
    return [...(a > x ? [[x, a - 1n] as const] : []), ...(b < y ? [[b + 1n, y] as const] : [])];
  }), from);
}

/** The addresses of `cidr` no blocked range of its family covers. */
const unblocked = (cidr: Cidr) => subtract([interval(cidr)], BLOCKED.filter((b) => b.parsed.family === cidr.family).map((b) => interval(b.parsed)));

describe('the egress blocklist against IANA\'s special-purpose address registries (test/fixtures/iana)', () => {
  test('the registries are read: every block, with its Globally Reachable column', () => {
    expect(IANA.length).toBeGreaterThan(45);
    expect(IANA.filter((block) => !['True', 'False', 'N/A', ''].includes(block.reachable))).toEqual([]);
    expect(IANA.find((block) => block.text === '192.0.0.171/32')?.reachable).toBe('False');
    expect(IANA.find((block) => block.text === '2001::/23')?.reachable).toBe('False');
  });

  test('every block IANA marks not globally reachable is blocked, but for its more specific blocks IANA marks otherwise', () => {
    const open = IANA.filter((block) => block.reachable === 'False').flatMap((block) => {
      // 2001::/23 is "not globally reachable unless allowed by a more specific allocation".
      const exceptions = IANA.filter((other) => other !== block && other.reachable !== 'False' && cidrCovers(block.cidr, other.cidr) && other.cidr.prefix > block.cidr.prefix);
      return subtract(unblocked(block.cidr), exceptions.map((other) => interval(other.cidr))).map(() => `${block.text} (${block.name})`);
    });
    expect(open).toEqual([]);
  });

  test.each(['2001::/32', '::/96', '192.88.99.0/24', 'fec0::/10', '2001:10::/28', '2002::/16', '64:ff9b::/96', '::ffff:0:0/96', '224.0.0.0/4', 'ff00::/8'])(
    'the deprecated, legacy and IPv4-embedding range %s is blocked', (range) => {
      expect(unblocked(parseCidr(range)!)).toEqual([]);
    });

  test('a blocked range IANA marks (partly) globally reachable says why it is blocked anyway', () => {
    const unexplained = BLOCKED.filter((range) => !range.reachableButBlocked)
      .flatMap((range) => IANA.filter((block) => block.reachable === 'True' && (cidrCovers(range.parsed, block.cidr) || cidrCovers(block.cidr, range.parsed)))
        .map((block) => `${range.cidr} blocks ${block.text} (${block.name})`));
    expect(unexplained).toEqual([]);
    // ...and no reason is given where none is needed.
    const needless = BLOCKED.filter((range) => range.reachableButBlocked && !IANA.some((block) => block.reachable === 'True' && cidrCovers(range.parsed, block.cidr))
      && !/deprecated/.test(range.reachableButBlocked));
    expect(needless.map((range) => range.cidr)).toEqual([]);
    // Globally reachable blocks outside these reasons stay open (AS112, AMT, IANA's AS112 delegation).
    for (const text of ['192.31.196.0/24', '192.52.193.0/24', '2620:4f:8000::/48']) expect(unblocked(parseCidr(text)!)).toEqual([interval(parseCidr(text)!)]);
  });
});

describe('the blocklist as NetworkPolicy ipBlock except entries', () => {
  test('each is a network address (no host bits) inside its peer\'s cidr, in address order, none inside another', () => {
    for (const { ipBlock } of publicEgressPeers()) {
      const outer = parseCidr(ipBlock.cidr)!;
      const excepts = ipBlock.except.map((text) => ({ text, cidr: parseCidr(text)! }));
      for (const { text, cidr } of excepts) {
        expect([text, cidr.family, cidr.prefix > outer.prefix, cidrCovers(outer, cidr)]).toEqual([text, outer.family, true, true]);
        expect(interval(cidr)[0] % (1n << BigInt(bits(cidr) - cidr.prefix))).toBe(0n);
      }
      const starts = excepts.map(({ cidr }) => cidr.address);
      expect(starts).toEqual([...starts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      const nested = excepts.flatMap((a) => excepts.filter((b) => a !== b && cidrCovers(a.cidr, b.cidr)).map((b) => `${b.text} inside ${a.text}`));
      expect(nested).toEqual([]);
    }
    expect(publicEgressPeers().map(({ ipBlock }) => ipBlock.except)).toEqual([[...BLOCKED_IPV4], [...BLOCKED_IPV6]]);
  });
});
