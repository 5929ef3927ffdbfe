// fetchHttps against real in-process https servers (test CA), and a real local DNS server.
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutoconfigError } from '../../../main/autoconfig/errors';
import { fetchHttps } from '../../../main/autoconfig/fetch-https';
import type { NetOptions } from '../../../main/autoconfig/types';
import { startDnsServer, type TestDnsServer } from './helpers/dns-server';
import { startHttpsServer, xmlHandler, type TestHttpsServer } from './helpers/https-server';
import { makeTestPki, type TestPki } from './helpers/test-pki';

let pki: TestPki;
let srv: TestHttpsServer;
let dns: TestDnsServer;
let base: string;
let opts: NetOptions;

async function failure(p: Promise<unknown>): Promise<AutoconfigError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AutoconfigError);
    return e as AutoconfigError;
  }
  throw new Error('expected a failure');
}

beforeAll(async () => {
  pki = makeTestPki();
  srv = await startHttpsServer(pki);
  dns = await startDnsServer({ a: { 'autoconfig.example.test': ['127.0.0.1'], 'wrongname.test': ['127.0.0.1'], 'mixed.example.test': ['8.8.8.8', '10.0.0.1'] } });
  base = `https://localhost:${srv.port}`;
  opts = { testMode: true, extraCa: [pki.caCert], timeoutMs: 3000, dnsServers: [dns.server] };
  srv.routes.set('/ok', xmlHandler('<clientConfig/>'));
  srv.routes.set('/redirect-http', (_q, r) => { r.statusCode = 302; r.setHeader('location', `http://localhost:${srv.port}/ok`); r.end(); });
  srv.routes.set('/redirect-ok', (_q, r) => { r.statusCode = 301; r.setHeader('location', '/ok'); r.end(); });
  srv.routes.set('/loop5', xmlHandler('<end/>'));
  for (let i = 0; i < 5; i++) srv.routes.set(`/loop${i}`, (_q, r) => { r.statusCode = 307; r.setHeader('location', `/loop${i + 1}`); r.end(); });
  srv.routes.set('/big-declared', (_q, r) => { r.setHeader('content-length', String(300 * 1024)); r.end('x'.repeat(300 * 1024)); });
  srv.routes.set('/big-chunked', (_q, r) => { for (let i = 0; i < 40; i++) r.write('y'.repeat(10 * 1024)); r.end(); });
  srv.routes.set('/slow', () => { /* never answers */ });
  srv.routes.set('/missing', (_q, r) => { r.statusCode = 404; r.end(); });
});
afterAll(async () => {
  await srv?.close();
  await dns?.close();
});

describe('fetchHttps', () => {
  it('fetches over TLS 1.2+ with the extra CA', async () => {
    const res = await fetchHttps(`${base}/ok`, opts);
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('<clientConfig/>');
  });

  it('follows https redirects on the same scheme', async () => {
    const res = await fetchHttps(`${base}/redirect-ok`, opts);
    expect(res.url).toBe(`${base}/ok`);
  });

  it('refuses http before any connection', async () => {
    const err = await failure(fetchHttps(`http://localhost:${srv.port}/ok`, opts));
    expect(err.code).toBe('http-refused');
  });

  it('refuses a redirect to http', async () => {
    expect((await failure(fetchHttps(`${base}/redirect-http`, opts))).code).toBe('redirect-refused');
  });

  it('follows at most 3 redirects', async () => {
    expect((await fetchHttps(`${base}/loop2`, opts)).url).toBe(`${base}/loop5`);
    expect((await failure(fetchHttps(`${base}/loop1`, opts))).code).toBe('too-many-redirects');
    expect((await failure(fetchHttps(`${base}/loop0`, opts))).code).toBe('too-many-redirects');
  });

  it('refuses responses over the size limit (declared or streamed)', async () => {
    expect((await failure(fetchHttps(`${base}/big-declared`, opts))).code).toBe('response-too-large');
    expect((await failure(fetchHttps(`${base}/big-chunked`, opts))).code).toBe('response-too-large');
  });

  it('times out', async () => {
    // /slow never answers: the 'timeout' code is the time limit at work.
    expect((await failure(fetchHttps(`${base}/slow`, { ...opts, timeoutMs: 300 }))).code).toBe('timeout');
  });

  it('can be cancelled', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    expect((await failure(fetchHttps(`${base}/slow`, { ...opts, signal: ac.signal }))).code).toBe('aborted');
  });

  it('reports HTTP errors', async () => {
    const err = await failure(fetchHttps(`${base}/missing`, opts));
    expect(err.code).toBe('http-status');
    expect(err.details?.status).toBe(404);
  });

  it('refuses a certificate from an unknown authority', async () => {
    const err = await failure(fetchHttps(`${base}/ok`, { ...opts, extraCa: [pki.otherCaCert] }));
    expect(err.code).toBe('tls-error');
  });

  it('refuses a certificate that does not name the host', async () => {
    const err = await failure(fetchHttps(`https://wrongname.test:${srv.port}/ok`, opts));
    expect(err.code).toBe('tls-error');
    expect(err.details?.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('refuses loopback/private addresses outside test mode (IP literal, localhost, DNS answer)', async () => {
    const prod = { ...opts, testMode: false };
    expect((await failure(fetchHttps(`https://127.0.0.1:${srv.port}/ok`, prod))).code).toBe('private-address');
    expect((await failure(fetchHttps(`${base}/ok`, prod))).code).toBe('private-address');
    expect((await failure(fetchHttps(`https://autoconfig.example.test:${srv.port}/ok`, prod))).code).toBe('private-address');
    // One private address among public ones is enough to refuse.
    expect((await failure(fetchHttps('https://mixed.example.test/ok', prod))).code).toBe('private-address');
  });

  it('resolves through the configured DNS server and maps hosts to local ports in test mode only', async () => {
    const mapped = { ...opts, hostPortMap: { 'autoconfig.example.test': srv.port } };
    const res = await fetchHttps('https://autoconfig.example.test/ok', mapped);
    expect(res.status).toBe(200);
    expect(srv.hits.at(-1)).toBe('autoconfig.example.test /ok');
    expect(dns.queries).toContain('A autoconfig.example.test');
    // Outside test mode the map is ignored (port 443) and loopback is refused anyway.
    expect((await failure(fetchHttps('https://autoconfig.example.test/ok', { ...mapped, testMode: false }))).code).toBe('private-address');
  });

  it('reports unknown host names', async () => {
    expect((await failure(fetchHttps('https://nowhere.example.test/ok', opts))).code).toBe('dns-failure');
  });

  it('refuses servers that only speak TLS 1.1 or older', async () => {
    const old = await startHttpsServer(pki, { maxVersion: 'TLSv1.1', minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' });
    old.routes.set('/ok', xmlHandler('<x/>'));
    try {
      // Make sure the old server really works with an old client, so the refusal below means something.
      const works = await new Promise<string | null>((resolve) => {
        const s = tls.connect({ host: '127.0.0.1', port: old.port, ca: [pki.caCert], servername: 'localhost', minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' });
        s.on('secureConnect', () => { resolve(s.getProtocol()); s.destroy(); });
        s.on('error', () => resolve(null));
      });
      const err = await failure(fetchHttps(`https://localhost:${old.port}/ok`, opts));
      expect(err.code).toBe('tls-error');
      expect(works === null || works === 'TLSv1.1').toBe(true);
      console.info(`old server reachable by an old client: ${works}`);
    } finally {
      await old.close();
    }
  });
});

