// The one address policy of the app (autoconfiguration, doctor, remote images): which IP addresses a
// connection chosen by a document or a message may reach. Everything not globally routable is refused,
// including IPv4 addresses hidden in IPv6 (mapped, translated, compatible, NAT64, 6to4).
import dns from 'node:dns';
import net from 'node:net';
import type { LookupFunction } from 'node:net';

const blocked4 = new net.BlockList();
for (const [a, p] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15],
  ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked4.addSubnet(a, p, 'ipv4');

const blocked6 = new net.BlockList();
for (const [a, p] of [
  ['::', 96], ['64:ff9b:1::', 48], ['100::', 64], ['2001::', 23], ['2001:db8::', 32],
  ['3fff::', 20], ['5f00::', 16], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) blocked6.addSubnet(a, p, 'ipv6');

/** The 16 bytes of an IPv6 address (any textual form), or null. */
function ipv6Bytes(ip: string): number[] | null {
  if (net.isIPv6(ip) === false) return null;
  let s = ip.toLowerCase().replace(/%.*$/, '');
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const [a, b, c, d] = v4[1]!.split('.').map(Number) as [number, number, number, number];
    s = s.slice(0, -v4[1]!.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = s.includes('::') ? s.split('::') as [string, string] : [s, undefined];
  const h = head ? head.split(':') : [];
  const t = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  if (groups.length !== 8) return null;
  return groups.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 255];
  });
}

/** The IPv4 address an IPv6 address carries (mapped, translated, compatible, NAT64 64:ff9b::/96, 6to4). */
function embeddedIpv4(b: number[]): string | undefined {
  const v4 = (o: number) => b.slice(o, o + 4).join('.');
  const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return v4(12); // ::ffff:a.b.c.d
  if (zero(0, 8) && b[8] === 0xff && b[9] === 0xff && zero(10, 12)) return v4(12); // ::ffff:0:a.b.c.d
  if (zero(0, 12) && !zero(12, 16)) return v4(12); // ::a.b.c.d (deprecated compatible)
  if (b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zero(4, 12)) return v4(12); // NAT64
  if (b[0] === 0x20 && b[1] === 0x02) return v4(2); // 6to4
  return undefined;
}

/** True for addresses a connection chosen by a document or a message must never reach. */
export function isPrivateAddress(ip: string): boolean {
  const bare = ip.replace(/^\[|\]$/g, '');
  if (net.isIPv4(bare)) return blocked4.check(bare, 'ipv4');
  const bytes = ipv6Bytes(bare);
  if (!bytes) return true;
  // An IPv6 address carrying an IPv4 one is judged by that IPv4 address.
  const v4 = embeddedIpv4(bytes);
  if (v4 !== undefined) return blocked4.check(v4, 'ipv4');
  const canonical = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16)).join(':');
  return blocked6.check(canonical, 'ipv6');
}

export interface CheckedLookupOptions {
  /** Test mode (sandbox): loopback and private addresses allowed. */
  allowPrivate: boolean;
  /** DNS servers to ask instead of the system resolver, e.g. ['127.0.0.1:10053']. */
  dnsServers?: string[];
}

/**
 * A net/tls/http `lookup` that resolves once, refuses the host when any address is not public, and hands
 * the socket those very addresses: the address checked is the address connected to (no second lookup).
 */
export function checkedLookup(opts: CheckedLookupOptions): LookupFunction {
  return ((hostname: string, options: dns.LookupOptions | number | undefined, callback: (...args: unknown[]) => void) => {
    const o: dns.LookupOptions = typeof options === 'object' && options ? options : {};
    resolveAll(hostname, opts.dnsServers).then(
      (addrs) => {
        const bad = addrs.find((a) => isPrivateAddress(a.address));
        if (bad && !opts.allowPrivate) {
          callback(Object.assign(new Error(`address refused for ${hostname}`), { code: 'EADDRREFUSED_POLICY' }));
          return;
        }
        const wanted = o.family === 4 || o.family === 6 ? addrs.filter((a) => a.family === o.family) : addrs;
        const list = wanted.length ? wanted : addrs;
        if (o.all) callback(null, list);
        else callback(null, list[0]!.address, list[0]!.family);
      },
      (err) => callback(err),
    );
  }) as LookupFunction;
}

async function resolveAll(host: string, dnsServers?: string[]): Promise<Array<{ address: string; family: 4 | 6 }>> {
  const bare = host.replace(/^\[|\]$/g, '');
  if (net.isIP(bare)) return [{ address: bare, family: net.isIP(bare) as 4 | 6 }];
  if (!dnsServers?.length) {
    const found = await dns.promises.lookup(bare, { all: true, verbatim: true });
    return found.map((a) => ({ address: a.address, family: a.family as 4 | 6 }));
  }
  const resolver = new dns.promises.Resolver({ timeout: 3000, tries: 2 });
  resolver.setServers(dnsServers);
  const [v4, v6] = await Promise.allSettled([resolver.resolve4(bare), resolver.resolve6(bare)]);
  const out = [
    ...(v4.status === 'fulfilled' ? v4.value.map((address) => ({ address, family: 4 as const })) : []),
    ...(v6.status === 'fulfilled' ? v6.value.map((address) => ({ address, family: 6 as const })) : []),
  ];
  if (!out.length) throw Object.assign(new Error(`no address for ${bare}`), { code: 'ENOTFOUND' });
  return out;
}
