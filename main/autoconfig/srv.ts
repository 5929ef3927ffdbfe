// DNS SRV discovery (RFC 6186, RFC 8314): _imaps/_imap and _submissions/_submission.
import type { SrvRecord } from 'node:dns';
import { AutoconfigError, toAutoconfigError } from './errors';
import { checkServerHost } from './policy';
import { makeResolver } from './resolve';
import type { NetOptions, Security } from './types';

export interface SrvEndpoint {
  host: string;
  port: number;
  security: Security;
  /** The SRV name that gave it, e.g. _imaps._tcp.example.fr */
  record: string;
  priority: number;
  weight: number;
}

export interface SrvLookup {
  imap?: SrvEndpoint;
  smtp?: SrvEndpoint;
  /** All usable endpoints found, best first per service. */
  imapAll: SrvEndpoint[];
  smtpAll: SrvEndpoint[];
}

const SERVICES = [
  { name: '_imaps._tcp', kind: 'imap', security: 'tls' },
  { name: '_imap._tcp', kind: 'imap', security: 'starttls' },
  { name: '_submissions._tcp', kind: 'smtp', security: 'tls' },
  { name: '_submission._tcp', kind: 'smtp', security: 'starttls' },
] as const;

const NO_RECORD = new Set(['ENODATA', 'ENOTFOUND', 'NOTFOUND']);

/** Lower priority first; RFC 6186 compares priorities across the TLS and STARTTLS names; ties prefer implicit TLS (RFC 8314), then weight. */
function sortEndpoints(list: SrvEndpoint[]): SrvEndpoint[] {
  return list.sort((x, y) => x.priority - y.priority || (x.security === 'tls' ? 0 : 1) - (y.security === 'tls' ? 0 : 1) || y.weight - x.weight);
}

export async function lookupSrv(domain: string, opts: NetOptions): Promise<SrvLookup> {
  const resolver = makeResolver(opts);
  const onAbort = () => resolver.cancel();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const answers = await Promise.all(
      SERVICES.map(async (s) => {
        const name = `${s.name}.${domain}`;
        try {
          return { s, name, records: await resolver.resolveSrv(name) };
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code ?? '';
          if (NO_RECORD.has(code)) return { s, name, records: [] as SrvRecord[] };
          if (opts.signal?.aborted) throw new AutoconfigError('aborted', 'Recherche DNS annulée.');
          throw toAutoconfigError(e, `Recherche DNS ${name}`);
        }
      }),
    );
    const imapAll: SrvEndpoint[] = [];
    const smtpAll: SrvEndpoint[] = [];
    for (const { s, name, records } of answers) {
      for (const r of records) {
        // Target "." means "service not offered here" (RFC 6186 §4).
        if (!r.name || r.name === '.' || r.port === 0) continue;
        // Port 25 is the relay between servers, never a client's submission port.
        if (s.kind === 'smtp' && r.port === 25) continue;
        let host: string;
        try {
          host = checkServerHost(r.name.replace(/\.$/, ''), opts.testMode);
        } catch {
          continue;
        }
        (s.kind === 'imap' ? imapAll : smtpAll).push({ host, port: r.port, security: s.security, record: name, priority: r.priority, weight: r.weight });
      }
    }
    sortEndpoints(imapAll);
    sortEndpoints(smtpAll);
    return { imap: imapAll[0], smtp: smtpAll[0], imapAll, smtpAll };
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
}
