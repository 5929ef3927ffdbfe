// Policy-checked https GET: TLS 1.2+, system roots + extra CA, certificate always verified, checked
// addresses only, https-only redirects (at most 3), size and time limits.
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { findRevocationError, revocationCheckerFor, withRevocationCheck, type RevocationChecker } from '../net/revocation';
import { AutoconfigError, toAutoconfigError } from './errors';
import { checkAddressAllowed, checkHttpsUrl, TLS_MIN_VERSION } from './policy';
import { makeLookup } from './resolve';
import { DEFAULT_TIMEOUT_MS, MAX_DOCUMENT_BYTES, MAX_REDIRECTS, type NetOptions } from './types';

export interface FetchLimits {
  maxBytes?: number;
  maxRedirects?: number;
  accept?: string;
  /** Used in French error messages ("Adresse de configuration", "Liste de confiance"...). */
  what?: string;
}

export interface FetchResult {
  /** URL after redirects. */
  url: string;
  status: number;
  contentType?: string;
  body: Buffer;
}

export function trustedRoots(extraCa?: Buffer[], systemRoots = true): Array<string | Buffer> {
  return [...(systemRoots ? tls.rootCertificates : []), ...(extraCa ?? [])];
}

/** Test mode only: a mapped host keeps its name (SNI, certificate check) but is reached on a local port. */
export function effectivePort(url: URL, opts: NetOptions): number {
  if (url.port) return Number(url.port);
  const mapped = opts.testMode ? opts.hostPortMap?.[url.hostname] : undefined;
  return mapped ?? 443;
}

export async function fetchHttps(rawUrl: string, opts: NetOptions, limits: FetchLimits = {}): Promise<FetchResult> {
  const what = limits.what ?? 'Adresse de configuration';
  const maxRedirects = limits.maxRedirects ?? MAX_REDIRECTS;
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  let url = checkHttpsUrl(rawUrl, what);
  const checker = opts.revocation ? revocationCheckerFor(opts.revocation) : null;
  for (let hop = 0; ; hop++) {
    const at = url;
    const res = await withRevocationCheck(checker, () => getOnce(at, opts, limits, signal, what, checker)).catch((e: unknown) => {
      const revoked = findRevocationError(e);
      throw revoked ? new AutoconfigError('certificate-revoked', `${what} : ${revoked.message}`) : e;
    });
    if (res.location === undefined) return { url: url.toString(), status: res.status, contentType: res.contentType, body: res.body };
    if (hop >= maxRedirects) {
      throw new AutoconfigError('too-many-redirects', `${what} : trop de redirections (plus de ${maxRedirects}). Vérifiez l'adresse ou contactez l'opérateur.`);
    }
    let next: URL;
    try {
      next = new URL(res.location, url);
    } catch {
      throw new AutoconfigError('redirect-refused', `${what} : redirection vers une adresse invalide. Contactez l'opérateur.`);
    }
    if (next.protocol !== 'https:') {
      throw new AutoconfigError('redirect-refused', `${what} : le serveur redirige vers une adresse non sécurisée (${next.protocol.replace(':', '')}), ce qui est refusé. Demandez à l'opérateur une adresse https directe.`);
    }
    url = checkHttpsUrl(next.toString(), what);
  }
}

interface Once {
  status: number;
  location?: string;
  contentType?: string;
  body: Buffer;
}

function getOnce(url: URL, opts: NetOptions, limits: FetchLimits, signal: AbortSignal, what: string, checker: RevocationChecker | null): Promise<Once> {
  const maxBytes = limits.maxBytes ?? MAX_DOCUMENT_BYTES;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise<Once>((resolve, reject) => {
    // IP literals skip `lookup`: check them here.
    try {
      if (net.isIP(host)) checkAddressAllowed(host, opts.testMode, host);
    } catch (e) {
      reject(e);
      return;
    }
    const fail = (e: unknown) => {
      // Kept as is: withRevocationCheck fetches a missing CRL and retries, or reports the revocation.
      if (findRevocationError(e)) return reject(e);
      if (signal.aborted && !(e instanceof AutoconfigError)) {
        const reason = signal.reason as Error | undefined;
        reject(toAutoconfigError(reason ?? e, what));
      } else reject(toAutoconfigError(e, what));
    };
    const req = https.request(
      {
        protocol: 'https:',
        host,
        port: effectivePort(url, opts),
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        servername: net.isIP(host) ? undefined : host,
        headers: { accept: limits.accept ?? 'application/xml, text/xml;q=0.9, */*;q=0.1', 'user-agent': 'MSSante-client-autoconfig/1' },
        lookup: makeLookup(opts),
        minVersion: TLS_MIN_VERSION,
        ca: trustedRoots(opts.extraCa, opts.systemRoots !== false),
        rejectUnauthorized: true,
        ...(checker ? { checkServerIdentity: checker.checkServerIdentity } : {}),
        agent: false,
        signal,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if ([301, 302, 303, 307, 308].includes(status)) {
          res.resume();
          const location = res.headers.location;
          if (!location) return reject(new AutoconfigError('http-status', `${what} : redirection sans destination (HTTP ${status}). Contactez l'opérateur.`));
          return resolve({ status, location, body: Buffer.alloc(0) });
        }
        if (status !== 200) {
          res.resume();
          return reject(new AutoconfigError('http-status', `${what} : le serveur a répondu HTTP ${status} (${url.host}). Vérifiez l'adresse ou réessayez plus tard.`, { status }));
        }
        const declared = Number(res.headers['content-length'] ?? NaN);
        if (Number.isFinite(declared) && declared > maxBytes) {
          res.destroy();
          return reject(tooLarge(what, maxBytes));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            res.destroy();
            req.destroy();
            reject(tooLarge(what, maxBytes));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => resolve({ status, contentType: res.headers['content-type'], body: Buffer.concat(chunks) }));
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    req.end();
  });
}

function tooLarge(what: string, maxBytes: number): AutoconfigError {
  return new AutoconfigError('response-too-large', `${what} : la réponse dépasse la taille maximale autorisée (${Math.round(maxBytes / 1024)} Ko) et a été refusée. Contactez l'opérateur.`);
}
