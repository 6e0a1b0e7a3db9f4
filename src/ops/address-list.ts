import * as ipaddr from 'ipaddr.js';

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** A comma list of IPv4/IPv6 addresses and CIDRs, checked; throws naming the first bad entry. */
export function parseAddressList(text: string): string[] {
  const entries = text.split(',').map((e) => e.trim()).filter((e) => e !== '');
  for (const entry of entries) toRange(entry);
  return entries;
}

function toRange(entry: string): Range {
  try {
    if (entry.includes('/')) return ipaddr.parseCIDR(entry);
    const address = ipaddr.parse(entry);
    return [address, address.kind() === 'ipv4' ? 32 : 128];
  } catch {
    throw new Error(`"${entry}" is not an IP address or CIDR`);
  }
}

/**
 * A check of client addresses against the entries: loopback always passes, an empty list lets
 * everyone in. IPv4-mapped IPv6 (::ffff:10.0.0.1, as Node reports IPv4 clients on a dual-stack
 * socket) counts as IPv4.
 */
export function addressMatcher(entries: readonly string[]): (ip: string) => boolean {
  if (entries.length === 0) return () => true;
  const ranges = entries.map(toRange);
  return (ip: string) => {
    let address: ipaddr.IPv4 | ipaddr.IPv6;
    try {
      address = ipaddr.process(ip);
    } catch {
      return false;
    }
    if (address.range() === 'loopback') return true;
    return ranges.some(([net, bits]) => net.kind() === address.kind() && address.match(net, bits));
  };
}
