// A fetch-compatible function over node:https with our own trust store (see trust.ts), for libraries that
// accept a custom fetch (openid-client's `customFetch`). Node's global fetch cannot take a CA list without
// undici's Agent, which is not a dependency of the app. https only, no redirects followed (the caller sees
// 3xx, as openid-client expects with `redirect: 'manual'`), size- and time-limited.
import https from 'node:https';
import { revocationCheckerFor, withRevocationCheck } from './revocation';
import { tlsClientOptions, type TrustOptions } from './trust';

export interface TrustedFetchOptions extends TrustOptions {
  /** Per-request time limit (ms). Default 30 s. */
  timeoutMs?: number;
  /** Largest response body accepted (bytes). Default 2 MiB. */
  maxBytes?: number;
}

export interface FetchInit {
  method?: string;
  headers?: Record<string, string> | Headers | Array<[string, string]>;
  body?: string | URLSearchParams | Uint8Array | ArrayBuffer | null;
  signal?: AbortSignal | null;
  redirect?: string;
}

export type TrustedFetch = (input: string | URL, init?: FetchInit) => Promise<Response>;

const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

export class TrustedFetchError extends Error {
  override readonly name = 'TrustedFetchError';
  constructor(
    readonly code: 'not-https' | 'too-large' | 'timeout',
    message: string,
  ) {
    super(message);
  }
}

function bodyBuffer(body: FetchInit['body']): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof URLSearchParams) return Buffer.from(body.toString(), 'utf8');
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

function headerRecord(headers: FetchInit['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  const entries = headers instanceof Headers ? [...headers.entries()] : Array.isArray(headers) ? headers : Object.entries(headers);
  for (const [k, v] of entries) out[k.toLowerCase()] = v;
  return out;
}

export function createTrustedFetch(options: TrustedFetchOptions = {}): TrustedFetch {
  const checker = options.revocation ? revocationCheckerFor(options.revocation) : null;
  const once = plainTrustedFetch(options, checker ? { checkServerIdentity: checker.checkServerIdentity } : {});
  return (input, init) => withRevocationCheck(checker, () => once(input, init));
}

function plainTrustedFetch(options: TrustedFetchOptions, extraTls: { checkServerIdentity?: (host: string, cert: import('node:tls').PeerCertificate) => Error | undefined }): TrustedFetch {
  const tlsOptions = { ...tlsClientOptions(options), ...extraTls };
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxBytes = options.maxBytes ?? 2 * 1024 * 1024;

  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(String(input));
      if (url.protocol !== 'https:') {
        reject(new TrustedFetchError('not-https', `Adresse non sécurisée refusée (${url.protocol}) : seules les adresses https sont utilisées.`));
        return;
      }
      const body = bodyBuffer(init.body);
      const headers = headerRecord(init.headers);
      if (init.body instanceof URLSearchParams && !headers['content-type']) {
        headers['content-type'] = 'application/x-www-form-urlencoded;charset=UTF-8';
      }
      if (body) headers['content-length'] = String(body.length);
      const signal = init.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);

      const req = https.request(url, { method: init.method ?? 'GET', headers, ...tlsOptions, signal, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            res.destroy();
            reject(new TrustedFetchError('too-large', `Réponse trop volumineuse de ${url.host} (plus de ${maxBytes} octets).`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) {
            if (Array.isArray(v)) for (const one of v) h.append(k, one);
            else if (v !== undefined) h.set(k, v);
          }
          const status = res.statusCode ?? 502;
          resolve(new Response(NULL_BODY_STATUS.has(status) ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? '', headers: h }));
        });
        res.on('error', reject);
      });
      req.on('error', (err) => {
        if (signal.aborted && !init.signal?.aborted) {
          reject(Object.assign(new TrustedFetchError('timeout', `Délai dépassé en joignant ${url.host}.`), { cause: err }));
        } else reject(err);
      });
      if (body) req.write(body);
      req.end();
    });
}
