/**
 * The one egress blocklist of both targets' sandbox network policies: the ranges a sandbox may not
 * reach unless `network_policy.allow_egress_cidrs` re-opens them. Private networks (RFC 1918,
 * carrier-grade NAT), link-local (cloud metadata at 169.254.169.254), loopback, "this network",
 * IETF protocol assignments, benchmarking, documentation, multicast and reserved ranges (IANA
 * special-purpose registries), and in IPv6 the same plus the prefixes that embed IPv4 addresses
 * (IPv4-mapped, NAT64, 6to4), which would otherwise reach the blocked IPv4 ranges.
 */
export const BLOCKED_IPV4: readonly string[] = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24', '192.0.2.0/24',
  '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/4', '240.0.0.0/4',
];
/** The IPv6 half of {@link BLOCKED_IPV4}. */
export const BLOCKED_IPV6: readonly string[] = [
  '::/128', '::1/128', '::ffff:0:0/96', '64:ff9b::/96', '64:ff9b:1::/48', '100::/64', '2001:db8::/32', '2002::/16',
  'fc00::/7', 'fe80::/10', 'ff00::/8',
];

/** The public-internet egress peers: every address except the blocked ranges, IPv4 and IPv6. */
export function publicEgressPeers(): Array<{ ipBlock: { cidr: string; except: string[] } }> {
  return [{ ipBlock: { cidr: '0.0.0.0/0', except: [...BLOCKED_IPV4] } }, { ipBlock: { cidr: '::/0', except: [...BLOCKED_IPV6] } }];
}
