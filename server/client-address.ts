// The address a request came from, for the per-address enrolment limit. Behind a reverse
// proxy every request arrives from the proxy, so with `trustProxy` the client is taken from
// X-Forwarded-For: the rightmost address that is not itself a trusted proxy (the entries to
// its left were written by the client and prove nothing).
import type { IncomingMessage } from 'node:http';
import net from 'node:net';

/** `::ffff:10.0.0.1` (IPv4 seen on an IPv6 socket) is 10.0.0.1. */
function plain(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

/** Parses `127.0.0.1`, `::1`, `10.0.0.0/8`, `fd00::/8`; throws a RangeError naming a bad one. */
export function trustedProxyList(entries: readonly string[]): net.BlockList {
  const list = new net.BlockList();
  for (const entry of entries) {
    const [address = '', prefix, extra] = entry.trim().split('/');
    const family = net.isIPv4(address) ? 'ipv4' : net.isIPv6(address) ? 'ipv6' : undefined;
    const bits = prefix === undefined ? undefined : Number(prefix);
    const maxBits = family === 'ipv4' ? 32 : 128;
    if (!family || extra !== undefined || (bits !== undefined && !(Number.isInteger(bits) && bits >= 0 && bits <= maxBits && /^\d+$/.test(prefix!)))) {
      throw new RangeError(`not an IP address or CIDR range: "${entry}"`);
    }
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, bits, family);
  }
  return list;
}

export type ClientAddressOf = (req: IncomingMessage) => string;

export function clientAddressResolver(trustProxy: readonly string[] = []): ClientAddressOf {
  if (trustProxy.length === 0) return (req) => plain(req.socket.remoteAddress ?? 'unknown');
  const trusted = trustedProxyList(trustProxy);
  const isTrusted = (address: string) =>
    (net.isIPv4(address) && trusted.check(address, 'ipv4')) || (net.isIPv6(address) && trusted.check(address, 'ipv6'));
  return (req) => {
    let client = plain(req.socket.remoteAddress ?? 'unknown');
    if (!isTrusted(client)) return client;
    const header = req.headers['x-forwarded-for'];
    const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((hop) => plain(hop.trim()));
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i]!;
      if (!net.isIP(hop)) break; // a broken chain: keep the last address a trusted proxy vouched for
      client = hop;
      if (!isTrusted(hop)) break;
    }
    return client;
  };
}
