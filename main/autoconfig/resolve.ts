// Host name resolution through the configured DNS servers (or the system resolver), with every
// resolved address checked against the policy. Used by https fetches and by the doctor's sockets.
import dns from 'node:dns';
import net from 'node:net';
import type { LookupFunction } from 'node:net';
import { AutoconfigError, toAutoconfigError } from './errors';
import { checkAddressAllowed } from './policy';
import { DEFAULT_TIMEOUT_MS, type NetOptions } from './types';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export function makeResolver(opts: Pick<NetOptions, 'dnsServers' | 'timeoutMs'>): dns.promises.Resolver {
  const resolver = new dns.promises.Resolver({ timeout: Math.min(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, 5000), tries: 2 });
  if (opts.dnsServers?.length) resolver.setServers(opts.dnsServers);
  return resolver;
}

async function resolveAll(host: string, opts: NetOptions): Promise<ResolvedAddress[]> {
  if (net.isIP(host)) return [{ address: host, family: net.isIP(host) as 4 | 6 }];
  if (host === 'localhost' || host.endsWith('.localhost')) {
    return [{ address: '127.0.0.1', family: 4 }];
  }
  if (!opts.dnsServers?.length) {
    const found = await dns.promises.lookup(host, { all: true, verbatim: true });
    return found.map((a) => ({ address: a.address, family: a.family as 4 | 6 }));
  }
  const resolver = makeResolver(opts);
  const [v4, v6] = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
  const out: ResolvedAddress[] = [];
  if (v4.status === 'fulfilled') out.push(...v4.value.map((address) => ({ address, family: 4 as const })));
  if (v6.status === 'fulfilled') out.push(...v6.value.map((address) => ({ address, family: 6 as const })));
  if (!out.length) {
    const reason = v4.status === 'rejected' ? v4.reason : undefined;
    throw reason ?? Object.assign(new Error(`no address for ${host}`), { code: 'ENOTFOUND' });
  }
  return out;
}

/** Resolves a host and refuses it when any of its addresses is private/loopback (outside test mode). */
export async function resolveHost(host: string, opts: NetOptions): Promise<ResolvedAddress[]> {
  let addrs: ResolvedAddress[];
  try {
    addrs = await resolveAll(host, opts);
  } catch (e) {
    const err = toAutoconfigError(e, `Résolution du nom « ${host} »`);
    if (err.code === 'network-error') {
      throw new AutoconfigError('dns-failure', `Le nom de serveur « ${host} » est introuvable (DNS). Vérifiez l'adresse saisie ou votre connexion.`, { code: err.details?.code });
    }
    throw err;
  }
  for (const a of addrs) checkAddressAllowed(a.address, opts.testMode, host);
  return addrs;
}

/** A net/tls `lookup` that goes through resolveHost (so the socket only ever connects to a checked address). */
export function makeLookup(opts: NetOptions): LookupFunction {
  return ((hostname: string, options: dns.LookupOptions | number | undefined, callback: (...args: unknown[]) => void) => {
    const o: dns.LookupOptions = typeof options === 'object' && options ? options : {};
    resolveHost(hostname, opts).then(
      (addrs) => {
        const wanted = o.family === 4 || o.family === 6 ? addrs.filter((a) => a.family === o.family) : addrs;
        const list = wanted.length ? wanted : addrs;
        if (o.all) callback(null, list);
        else callback(null, list[0]!.address, list[0]!.family);
      },
      (err) => callback(err),
    );
  }) as LookupFunction;
}
