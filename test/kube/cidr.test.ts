import { cidrCovers, cidrsOverlap, parseCidr } from '../../lib/kube/cidr';

describe('parseCidr', () => {
  test.each(['10.0.0.0/8', '0.0.0.0/0', '::/0', 'fd00:1::/64', '::ffff:0:0/96', '2001:db8:0:0:0:0:0:1/128'])('reads %s', (text) => {
    expect(parseCidr(text)).toBeDefined();
  });

  test.each(['10.0.0.0/33', '10.0.0/8', '256.0.0.0/8', 'fd00::1::/64', '::/129', 'fd00:1', 'example.com/8', '1:2:3:4:5:6:7:8:9/64'])('refuses %s', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });

  test('compares ranges of one family', () => {
    const cidr = (text: string) => parseCidr(text)!;
    expect(cidrCovers(cidr('10.0.0.0/8'), cidr('10.1.0.0/16'))).toBe(true);
    expect(cidrCovers(cidr('10.1.0.0/16'), cidr('10.0.0.0/8'))).toBe(false);
    expect(cidrsOverlap(cidr('10.1.0.0/16'), cidr('10.0.0.0/8'))).toBe(true);
    expect(cidrsOverlap(cidr('11.0.0.0/8'), cidr('10.0.0.0/8'))).toBe(false);
    expect(cidrsOverlap(cidr('fd00::/8'), cidr('fc00::/7'))).toBe(true);
    expect(cidrsOverlap(cidr('0.0.0.0/0'), cidr('::/0'))).toBe(false);
  });
});
