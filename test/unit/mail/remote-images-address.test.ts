// Remote images: the address checked is the address connected to. A DNS name that answers a public
// address first and a loopback one next (DNS rebinding) must never reach the loopback server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_REMOTE_LIMITS, fetchRemoteImages } from '../../../main/mail/remote-images';
import { startDnsServer, type TestDnsServer } from '../autoconfig/helpers/dns-server';
import { startHttpsServer, type TestHttpsServer } from '../autoconfig/helpers/https-server';
import { makeTestPki, type TestPki } from '../autoconfig/helpers/test-pki';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
let pki: TestPki;
let srv: TestHttpsServer;
let dns: TestDnsServer;

beforeAll(async () => {
  pki = makeTestPki(['DNS:img.rebind.test', 'DNS:img.local.test', 'DNS:img.mapped.test']);
  srv = await startHttpsServer(pki);
  srv.routes.set('/p.png', (_req, res) => {
    res.writeHead(200, { 'content-type': 'image/png' });
    res.end(PNG);
  });
  const a: Record<string, string[]> = { 'img.local.test': ['127.0.0.1'] };
  // First A query: a public address; every later one: loopback, where the image server listens.
  Object.defineProperty(a, 'img.rebind.test', {
    enumerable: true,
    get: () => (dns.queries.filter((q) => q === 'A img.rebind.test').length <= 1 ? ['192.88.98.1'] : ['127.0.0.1']),
  });
  dns = await startDnsServer({ a });
});
afterAll(async () => {
  await srv?.close();
  await dns?.close();
});

const limits = () => ({ ...DEFAULT_REMOTE_LIMITS, timeoutMs: 1500, dnsServers: [dns.server], ca: [pki.caCert] });

describe('remote images address policy', () => {
  it('never connects to a loopback address, whether the first or a later resolution gives it', async () => {
    const local = await fetchRemoteImages([`https://img.local.test:${srv.port}/p.png`], limits());
    const rebind = await fetchRemoteImages([`https://img.rebind.test:${srv.port}/p.png`], limits());
    expect(local).toEqual({});
    expect(rebind).toEqual({});
    expect(srv.hits).toEqual([]);
  });

  it('fetches from the checked address when the test mode allows the loopback server', async () => {
    const ok = await fetchRemoteImages([`https://img.local.test:${srv.port}/p.png`], { ...limits(), allowInsecureForTests: true });
    expect(Object.values(ok)[0]).toBe(`data:image/png;base64,${PNG.toString('base64')}`);
  });
});
