/** One range of the egress blocklist, and why it is there. */
export interface BlockedRange {
  /** The CIDR, as NetworkPolicy `ipBlock.except` takes it (network address, no host bits). */
  readonly cidr: string;
  /** What it is: IANA's name for it, or the RFC that deprecated it. */
  readonly what: string;
  /**
   * Why it is blocked although IANA marks (part of) it globally reachable; required for such a
   * range (test/kube/egress-blocklist.test.ts checks against IANA's registries).
   * @default - IANA marks none of it globally reachable
   */
  readonly reachableButBlocked?: string;
}

/**
 * The one egress blocklist of both targets' sandbox network policies: the ranges a sandbox may not
 * reach unless `network_policy.allow_egress_cidrs` re-opens them. Every block IANA's IPv4 and IPv6
 * Special-Purpose Address Registries mark not globally reachable (private networks, carrier-grade
 * NAT, link-local with cloud metadata at 169.254.169.254, loopback, documentation, benchmarking...),
 * the deprecated blocks nothing routes to (IPv4-compatible, site-local, the 6to4 relay anycast), the
 * multicast ranges, and the prefixes that embed IPv4 addresses (IPv4-mapped, NAT64, 6to4, Teredo),
 * which would otherwise reach the blocked IPv4 ranges. In address order; no range inside another.
 */
export const BLOCKED_RANGES: readonly BlockedRange[] = [
  { cidr: '0.0.0.0/8', what: '"This network" (RFC 791)' },
  { cidr: '10.0.0.0/8', what: 'Private-Use (RFC 1918)' },
  { cidr: '100.64.0.0/10', what: 'Shared Address Space, carrier-grade NAT (RFC 6598)' },
  { cidr: '127.0.0.0/8', what: 'Loopback (RFC 1122)' },
  { cidr: '169.254.0.0/16', what: 'Link Local, with cloud metadata at 169.254.169.254 (RFC 3927)' },
  { cidr: '172.16.0.0/12', what: 'Private-Use (RFC 1918)' },
  {
    cidr: '192.0.0.0/24', what: 'IETF Protocol Assignments (RFC 6890)',
    reachableButBlocked: 'its PCP and TURN anycast addresses (192.0.0.9, 192.0.0.10) reach NAT-traversal services of the network the sandbox runs in, which it has no business with',
  },
  { cidr: '192.0.2.0/24', what: 'Documentation, TEST-NET-1 (RFC 5737)' },
  {
    cidr: '192.88.99.0/24', what: 'Deprecated 6to4 relay anycast (RFC 7526)',
    reachableButBlocked: 'deprecated; its relays (and the 6a44 relay at 192.88.99.2) tunnel to IPv6 addresses around the IPv6 half of this list',
  },
  { cidr: '192.168.0.0/16', what: 'Private-Use (RFC 1918)' },
  { cidr: '198.18.0.0/15', what: 'Benchmarking (RFC 2544)' },
  { cidr: '198.51.100.0/24', what: 'Documentation, TEST-NET-2 (RFC 5737)' },
  { cidr: '203.0.113.0/24', what: 'Documentation, TEST-NET-3 (RFC 5737)' },
  { cidr: '224.0.0.0/4', what: 'Multicast (RFC 5771; IANA\'s multicast registry, not the special-purpose one)' },
  { cidr: '240.0.0.0/4', what: 'Reserved (RFC 1112), with the limited broadcast 255.255.255.255' },
  { cidr: '::/96', what: 'IPv4-compatible addresses (deprecated, RFC 4291), with the unspecified :: and the loopback ::1' },
  { cidr: '::ffff:0:0/96', what: 'IPv4-mapped addresses (RFC 4291)' },
  {
    cidr: '64:ff9b::/96', what: 'IPv4-IPv6 translation, NAT64 well-known prefix (RFC 6052)',
    reachableButBlocked: 'a NAT64 gateway translates it to the embedded IPv4 address, which would reach the blocked IPv4 ranges',
  },
  { cidr: '64:ff9b:1::/48', what: 'IPv4-IPv6 translation, local use (RFC 8215)' },
  { cidr: '100::/64', what: 'Discard-Only (RFC 6666)' },
  { cidr: '100:0:0:1::/64', what: 'Dummy IPv6 Prefix (RFC 9780)' },
  {
    cidr: '2001::/23', what: 'IETF Protocol Assignments (RFC 2928), with Teredo 2001::/32, benchmarking 2001:2::/48 and the deprecated ORCHID 2001:10::/28',
    reachableButBlocked: 'not globally reachable as a whole; its reachable parts (PCP, TURN and DNS-SD anycast, AMT, AS112, ORCHIDv2, drone tags) are protocol infrastructure no sandbox needs, and Teredo tunnels to any IPv4 address',
  },
  { cidr: '2001:db8::/32', what: 'Documentation (RFC 3849)' },
  { cidr: '2002::/16', what: '6to4 (RFC 3056): embeds an IPv4 address, so a 6to4 relay would reach the blocked IPv4 ranges' },
  { cidr: '3fff::/20', what: 'Documentation (RFC 9637)' },
  { cidr: '5f00::/16', what: 'Segment Routing (SRv6) SIDs (RFC 9602)' },
  { cidr: 'fc00::/7', what: 'Unique-Local (RFC 4193)' },
  { cidr: 'fe80::/10', what: 'Link-Local Unicast (RFC 4291)' },
  { cidr: 'fec0::/10', what: 'Site-local (deprecated, RFC 3879)' },
  { cidr: 'ff00::/8', what: 'Multicast (RFC 4291)' },
];

/** The IPv4 ranges of {@link BLOCKED_RANGES}. */
export const BLOCKED_IPV4: readonly string[] = BLOCKED_RANGES.filter(({ cidr }) => !cidr.includes(':')).map(({ cidr }) => cidr);
/** The IPv6 half of {@link BLOCKED_IPV4}. */
export const BLOCKED_IPV6: readonly string[] = BLOCKED_RANGES.filter(({ cidr }) => cidr.includes(':')).map(({ cidr }) => cidr);

/** The public-internet egress peers: every address except the blocked ranges, IPv4 and IPv6. */
export function publicEgressPeers(): Array<{ ipBlock: { cidr: string; except: string[] } }> {
  return [{ ipBlock: { cidr: '0.0.0.0/0', except: [...BLOCKED_IPV4] } }, { ipBlock: { cidr: '::/0', except: [...BLOCKED_IPV6] } }];
}
