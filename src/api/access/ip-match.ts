import * as ipaddr from 'ipaddr.js';

/**
 * Normalises a whitelist entry: `2.2.2.2`, `2.2.2.1/24` (→ `2.2.2.0/24`). Ranges
 * `a.b.c.x-y` expand to one entry per address, as MOR stores them. Throws on bad input.
 */
export function expandWhitelistEntry(entry: string): string[] {
  const text = entry.trim();
  const range = /^(\d+\.\d+\.\d+)\.(\d+)-(\d+)$/.exec(text);
  if (range) {
    const [from, to] = [Number(range[2]), Number(range[3])];
    if (from > to || to > 255) throw new Error(`Bad IP range: ${entry}`);
    const out: string[] = [];
    for (let last = from; last <= to; last++) out.push(parseIPv4(`${range[1]}.${last}`));
    return out;
  }
  if (text.includes('/')) {
    const [address, bits] = ipaddr.IPv4.parseCIDR(text);
    const network = ipaddr.IPv4.networkAddressFromCIDR(`${address.toString()}/${bits}`);
    return [`${network.toString()}/${bits}`];
  }
  return [parseIPv4(text)];
}

function parseIPv4(text: string): string {
  if (!ipaddr.IPv4.isValidFourPartDecimal(text)) throw new Error(`Bad IPv4 address: ${text}`);
  return ipaddr.IPv4.parse(text).toString();
}

/** Whether a client address (IPv4, or IPv4-mapped IPv6 as Node reports it) matches an entry. */
export function ipMatches(clientIp: string, entry: string): boolean {
  let client: ipaddr.IPv4;
  try {
    const parsed = ipaddr.parse(clientIp);
    if (parsed.kind() === 'ipv6') {
      const v6 = parsed as ipaddr.IPv6;
      if (!v6.isIPv4MappedAddress()) return false;
      client = v6.toIPv4Address();
    } else client = parsed as ipaddr.IPv4;
  } catch {
    return false;
  }
  if (entry.includes('/')) return client.match(ipaddr.IPv4.parseCIDR(entry));
  return client.toString() === entry;
}
