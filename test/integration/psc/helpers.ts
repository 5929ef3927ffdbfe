// Helpers for the sandbox PSC/web tests: start the Node servers on ephemeral ports (so they can run beside
// a running sandbox), a fetch that trusts only the sandbox CA (no TLS verification disabled, no env var),
// and a tiny cookie jar to drive the login pages by hand.
import http from 'node:http';
import https from 'node:https';
import { startNodeServers, type NodeServers, type NodeServersOptions } from '../../../sandbox/node/servers';

export type FetchLike = (url: string | URL, init?: { method?: string; headers?: Record<string, string>; body?: string | URLSearchParams; redirect?: string; signal?: AbortSignal }) => Promise<Response>;

/** fetch over node:http(s) trusting `ca`; never follows redirects (the caller sees 3xx). */
export function caFetch(ca: Buffer | string, clientCert?: { cert: Buffer | string; key: Buffer | string }): FetchLike {
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(String(input));
      const body = init.body === undefined ? undefined : String(init.body);
      const headers: Record<string, string> = { ...(init.headers ?? {}) };
      if (init.body instanceof URLSearchParams && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
      }
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      const mod = url.protocol === 'https:' ? https : http;
      const req = mod.request(
        url,
        { method: init.method ?? 'GET', headers, ...(url.protocol === 'https:' ? { ca, ...clientCert } : {}), signal: init.signal },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const h = new Headers();
            for (const [k, v] of Object.entries(res.headers)) {
              if (Array.isArray(v)) for (const one of v) h.append(k, one);
              else if (v !== undefined) h.set(k, v);
            }
            const status = res.statusCode ?? 500;
            const nullBody = status === 204 || status === 304;
            resolve(new Response(nullBody ? null : Buffer.concat(chunks), { status, headers: h }));
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
}

export interface TestSandbox extends NodeServers {
  fetch: FetchLike;
  control(path: string, body?: Record<string, unknown>): Promise<Response>;
  /** A real access token for that person (via the control endpoint). */
  token(idNat: string, ttlSeconds?: number): Promise<string>;
  introspect(token: string): Promise<Record<string, unknown>>;
}

export async function startTestSandbox(options: NodeServersOptions = {}): Promise<TestSandbox> {
  const servers = await startNodeServers({
    ports: { psc: 0, pscInternal: 0, web: 0, fhir: 0 },
    cibaIntervalSeconds: 1,
    log: () => {},
    ...options,
  });
  const fetch = caFetch(servers.caCert);
  const control = (path: string, body?: Record<string, unknown>) =>
    fetch(`${servers.urls.control}${path}`, body === undefined
      ? {}
      : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return {
    ...servers,
    fetch,
    control,
    async token(idNat, ttlSeconds) {
      const res = await control('/token', ttlSeconds === undefined ? { idNat } : { idNat, ttlSeconds });
      if (res.status !== 200) throw new Error(`control /token: ${res.status}`);
      return ((await res.json()) as { access_token: string }).access_token;
    },
    async introspect(token) {
      // As Dovecot does: internal http listener, Basic credentials of the introspection client.
      const { PSC_INTROSPECTION_CLIENT } = await import('../../../sandbox/config');
      const creds = Buffer.from(`${PSC_INTROSPECTION_CLIENT.clientId}:${PSC_INTROSPECTION_CLIENT.clientSecret}`).toString('base64');
      const res = await fetch(servers.urls.pscIntrospection, {
        method: 'POST',
        headers: { authorization: `Basic ${creds}` },
        body: new URLSearchParams({ token }),
      });
      if (res.status !== 200) throw new Error(`introspection: ${res.status}`);
      return (await res.json()) as Record<string, unknown>;
    },
  };
}

/** Minimal cookie jar (name=value per cookie path prefix is enough for the provider's cookies). */
export class CookieJar {
  private readonly cookies = new Map<string, { value: string; path: string }>();

  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = (pair ?? '').indexOf('=');
      if (eq < 0) continue;
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const pathAttr = attrs.map((a) => a.trim()).find((a) => a.toLowerCase().startsWith('path='));
      const path = pathAttr ? pathAttr.slice(5) : '/';
      const expired = attrs.some((a) => /^expires=thu, 01 jan 1970/i.test(a.trim())) || value === '';
      const key = `${name}|${path}`;
      if (expired) this.cookies.delete(key);
      else this.cookies.set(key, { value, path });
    }
  }

  header(url: string): string {
    const { pathname } = new URL(url);
    return [...this.cookies.entries()]
      .filter(([, c]) => pathname.startsWith(c.path))
      .map(([key, c]) => `${key.split('|')[0]}=${c.value}`)
      .join('; ');
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Opens the login page reached from an authorization URL; returns the cookie jar and the form action. */
export async function openLoginPage(fetch: FetchLike, authUrl: URL): Promise<{ jar: CookieJar; action: string }> {
  const jar = new CookieJar();
  const res = await fetch(authUrl);
  if (res.status !== 303) throw new Error(`authorization: HTTP ${res.status}`);
  jar.store(res);
  const interactionUrl = new URL(res.headers.get('location')!, authUrl).href;
  const page = await fetch(interactionUrl, { headers: { cookie: jar.header(interactionUrl) } });
  if (page.status !== 200) throw new Error(`login page: HTTP ${page.status}`);
  const action = /<form method="post" action="([^"]+)"/.exec(await page.text())?.[1];
  if (!action) throw new Error('login form not found');
  return { jar, action: new URL(action.replace(/&amp;/g, '&'), interactionUrl).href };
}

export function postLogin(fetch: FetchLike, jar: CookieJar, action: string, idNat: string, method: 'card' | 'ecps'): Promise<Response> {
  return fetch(action, {
    method: 'POST',
    headers: { cookie: jar.header(action), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ idNat, method }).toString(),
  });
}
