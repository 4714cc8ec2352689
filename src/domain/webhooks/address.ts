import ipaddr from 'ipaddr.js';

/**
 * Which addresses a webhook may be sent to (ADR 0026). Pure. The ranges come
 * from ipaddr.js (its IANA special-purpose tables): only ordinary public
 * unicast passes; loopback, private (RFC 1918, unique-local fc00::/7),
 * link-local (169.254/16 with the cloud metadata address, fe80::/10),
 * carrier-grade NAT (100.64/10), unspecified, multicast, broadcast and the
 * reserved and translation ranges are refused. An IPv4-mapped IPv6 address is
 * judged as its IPv4 address.
 */
const METADATA = new Set(['169.254.169.254', 'fd00:ec2::254']);

const REASON: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private address',
  uniqueLocal: 'a private (unique-local) address',
  linkLocal: 'a link-local address',
  carrierGradeNat: 'a carrier-grade NAT address',
  unspecified: 'the unspecified address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
};

/** null when the address may be called; otherwise why not ("a private address"). */
export function refusedAddress(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  // IPv4-compatible ::a.b.c.d (deprecated; ipaddr.js calls it unicast): judged as its IPv4 address, :: and ::1 aside
  else if (ip.kind() === 'ipv6' && ip.match(ipaddr.IPv6.parse('::'), 96) && ip.range() === 'unicast') {
    const p = (ip as ipaddr.IPv6).parts;
    ip = new ipaddr.IPv4([p[6]! >> 8, p[6]! & 0xff, p[7]! >> 8, p[7]! & 0xff]);
  }
  const normal = ip.toNormalizedString();
  if (METADATA.has(address) || METADATA.has(ip.toString()) || normal === ipaddr.parse('fd00:ec2::254').toNormalizedString()) return 'the cloud metadata address';
  const range = ip.range();
  if (range === 'unicast') return null;
  return REASON[range] ?? `a reserved address (${range})`;
}
