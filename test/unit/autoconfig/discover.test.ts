// Source order, parallelism and timeouts of discover(), against real local https and DNS servers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover } from '../../../main/autoconfig/discover';
import { AutoconfigError } from '../../../main/autoconfig/errors';
import type { KnownOperator } from '../../../main/autoconfig/known-operators';
import { parseTrustList } from '../../../main/autoconfig/trust-list';
import { trustListXml } from '../../../sandbox/web/trust-list';
import type { DiscoveryOptions, SourceId } from '../../../main/autoconfig/types';
import { startDnsServer, type TestDnsServer } from './helpers/dns-server';
import { startHttpsServer, xmlHandler, type TestHttpsServer } from './helpers/https-server';
import { makeTestPki, type TestPki } from './helpers/test-pki';

const config = (host: string, socketType = 'STARTTLS') => `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1" xmlns:mss="urn:mssante:clientconfig:1"><emailProvider id="x">
 <incomingServer type="imap"><hostname>${host}</hostname><port>143</port><socketType>${socketType}</socketType><username>%EMAILADDRESS%</username><authentication>OAuth2</authentication></incomingServer>
 <outgoingServer type="smtp"><hostname>${host}</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username><authentication>OAuth2</authentication></outgoingServer>
 <mss:psc issuer="https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet"><mss:flow>ciba-mobile</mss:flow></mss:psc>
</emailProvider></clientConfig>`;

const DOMAINS = ['prio', 'fallback', 'explicit', 'srv', 'known', 'nothing', 'slow', 'plain', 'untrusted', 'hijack'].map((d) => `${d}.mssante.fr`);
const SUB = '/mail/config-v1.1.xml';
const WK = '/.well-known/autoconfig/mail/config-v1.1.xml';

let pki: TestPki;
let srv: TestHttpsServer;
let dns: TestDnsServer;
let base: DiscoveryOptions;

const OPERATORS: KnownOperator[] = [{
  id: 'op', name: 'Opérateur connu', verified: false, domains: ['known.mssante.fr'],
  imap: { host: 'imap.known.mssante.fr', port: 143, security: 'starttls', username: '%EMAILADDRESS%', auth: 'oauth2' },
  smtp: { host: 'smtp.known.mssante.fr', port: 587, security: 'starttls', username: '%EMAILADDRESS%', auth: 'oauth2' },
}];

beforeAll(async () => {
  pki = makeTestPki(['DNS:localhost', ...DOMAINS.flatMap((d) => [`DNS:${d}`, `DNS:*.${d}`])]);
  srv = await startHttpsServer(pki);
  const a: Record<string, string[]> = {};
  const hostPortMap: Record<string, number> = {};
  for (const d of DOMAINS.filter((x) => !x.startsWith('srv.') && !x.startsWith('known.') && !x.startsWith('nothing.'))) {
    a[d] = ['127.0.0.1'];
    a[`autoconfig.${d}`] = ['127.0.0.1'];
    hostPortMap[d] = srv.port;
    hostPortMap[`autoconfig.${d}`] = srv.port;
  }
  a['imap.private.mssante.fr'] = ['10.0.0.7'];
  dns = await startDnsServer({
    a,
    srv: {
      '_imap._tcp.srv.mssante.fr': [{ priority: 0, weight: 0, port: 143, target: 'imap.srv.mssante.fr' }],
      '_submission._tcp.srv.mssante.fr': [{ priority: 0, weight: 0, port: 587, target: 'smtp.srv.mssante.fr' }],
      // A lower-priority source that answers at once must not beat a slower higher-priority one.
      '_imap._tcp.prio.mssante.fr': [{ priority: 0, weight: 0, port: 143, target: 'imap.from-srv.prio.mssante.fr' }],
      '_submission._tcp.prio.mssante.fr': [{ priority: 0, weight: 0, port: 587, target: 'smtp.from-srv.prio.mssante.fr' }],
    },
  });
  const r = srv.routes;
  r.set(`autoconfig.prio.mssante.fr ${SUB}`, xmlHandler(config('imap.sub.prio.mssante.fr'), 400));
  r.set(`prio.mssante.fr ${WK}`, xmlHandler(config('imap.wk.prio.mssante.fr')));
  r.set(`fallback.mssante.fr ${WK}`, xmlHandler(config('imap.wk.fallback.mssante.fr')));
  r.set('/explicit.xml', xmlHandler(config('imap.explicit.mssante.fr')));
  r.set(`autoconfig.explicit.mssante.fr ${SUB}`, xmlHandler(config('imap.sub.explicit.mssante.fr')));
  r.set(`autoconfig.slow.mssante.fr ${SUB}`, () => undefined);
  r.set(`slow.mssante.fr ${WK}`, xmlHandler(config('imap.wk.slow.mssante.fr')));
  r.set(`autoconfig.plain.mssante.fr ${SUB}`, xmlHandler(config('imap.plain.mssante.fr', 'plain')));
  r.set(`plain.mssante.fr ${WK}`, xmlHandler(config('imap.wk.plain.mssante.fr')));
  r.set(`autoconfig.untrusted.mssante.fr ${SUB}`, xmlHandler(config('imap.untrusted.mssante.fr')));
  r.set(`autoconfig.hijack.mssante.fr ${SUB}`, xmlHandler(config('mail.evil.example')));
  r.set('/hijack.xml', xmlHandler(config('mail.evil.example')));
  base = {
    testMode: true, extraCa: [pki.caCert], dnsServers: [dns.server], hostPortMap, timeoutMs: 2000,
    knownOperators: OPERATORS,
    trustList: parseTrustList(trustListXml(DOMAINS.filter((d) => !d.startsWith('untrusted')).map((nom) => ({ nom }))), 'custom'),
  };
});
afterAll(async () => {
  await srv?.close();
  await dns?.close();
});

const outcomes = (tried: Array<{ source: SourceId; outcome: string }>) => Object.fromEntries(tried.map((t) => [t.source, t.outcome]));

describe('discover', () => {
  it('lets a slower higher-priority source win over faster lower ones, and reports every source', async () => {
    const progress: string[] = [];
    const r = await discover('alice@prio.mssante.fr', { ...base, onProgress: (e) => progress.push(`${e.source}:${e.state}`) });
    expect(r.source).toBe('autoconfig-subdomain');
    expect(r.config.imap.host).toBe('imap.sub.prio.mssante.fr');
    expect(r.url).toBe('https://autoconfig.prio.mssante.fr/mail/config-v1.1.xml?emailaddress=alice%40prio.mssante.fr');
    expect(outcomes(r.tried)).toEqual({
      'explicit-url': 'skipped', 'autoconfig-subdomain': 'ok', 'well-known': 'skipped', 'dns-srv': 'skipped', 'known-operators': 'skipped',
    });
    expect(r.trusted).toBe(true);
    expect(r.warnings).toEqual([]);
    expect(progress).toContain('autoconfig-subdomain:started');
    expect(progress).toContain('autoconfig-subdomain:ok');
  });

  it('falls back to .well-known when autoconfig.<domain> does not answer', async () => {
    const r = await discover('a@fallback.mssante.fr', base);
    expect(r.source).toBe('well-known');
    expect(r.url).toBe('https://fallback.mssante.fr/.well-known/autoconfig/mail/config-v1.1.xml');
    expect(r.tried.find((t) => t.source === 'autoconfig-subdomain')).toMatchObject({ outcome: 'error', code: 'http-status' });
  });

  it('uses the explicit URL first', async () => {
    const r = await discover('a@explicit.mssante.fr', { ...base, explicitUrl: `https://localhost:${srv.port}/explicit.xml` });
    expect(r.source).toBe('explicit-url');
    expect(r.config.imap.host).toBe('imap.explicit.mssante.fr');
  });

  it('uses the policy URL when no URL was typed', async () => {
    const r = await discover('a@explicit.mssante.fr', { ...base, policyUrl: `https://localhost:${srv.port}/explicit.xml` });
    expect(r.source).toBe('explicit-url');
  });

  it('reports a refused explicit URL and falls back with a warning', async () => {
    const r = await discover('a@explicit.mssante.fr', { ...base, explicitUrl: `http://localhost:${srv.port}/explicit.xml` });
    expect(r.source).toBe('autoconfig-subdomain');
    expect(r.tried[0]).toMatchObject({ source: 'explicit-url', outcome: 'error', code: 'http-refused' });
    expect(r.warnings.map((w) => w.code)).toContain('explicit-url-failed');
  });

  it('times a silent source out and moves on', async () => {
    // autoconfig.slow never answers: the well-known answer wins only once that source timed out.
    const r = await discover('a@slow.mssante.fr', { ...base, timeoutMs: 500 });
    expect(r.source).toBe('well-known');
    expect(r.tried.find((t) => t.source === 'autoconfig-subdomain')?.outcome).toBe('timeout');
  });

  it('does not accept a plain-text configuration and moves on', async () => {
    const r = await discover('a@plain.mssante.fr', base);
    expect(r.source).toBe('well-known');
    expect(r.tried.find((t) => t.source === 'autoconfig-subdomain')).toMatchObject({ outcome: 'error', code: 'insecure-socket' });
  });

  it('uses DNS SRV when no document is published', async () => {
    const r = await discover('a@srv.mssante.fr', base);
    expect(r.source).toBe('dns-srv');
    expect(r.config.imap).toMatchObject({ host: 'imap.srv.mssante.fr', port: 143, security: 'starttls' });
  });

  it('uses the known operators table last', async () => {
    const r = await discover('a@known.mssante.fr', base);
    expect(r.source).toBe('known-operators');
    expect(r.config.smtp.host).toBe('smtp.known.mssante.fr');
    expect(r.warnings.map((w) => w.code)).toContain('known-operator-unverified');
    expect(outcomes(r.tried)['dns-srv']).toBe('error');
  });

  it('fails with every source reported when nothing answers', async () => {
    try {
      await discover('a@nothing.mssante.fr', base);
      throw new Error('should fail');
    } catch (e) {
      expect(e).toBeInstanceOf(AutoconfigError);
      const err = e as AutoconfigError;
      expect(err.code).toBe('no-config-found');
      expect(err.message).toMatch(/Aucune configuration/);
      expect((err.details?.tried as unknown[]).length).toBe(5);
    }
  });

  it('flags a domain outside the trust list', async () => {
    const r = await discover('a@untrusted.mssante.fr', base);
    expect(r.trusted).toBe(false);
    expect(r.warnings[0]?.code).toBe('untrusted-domain');
  });

  it('can be cancelled', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    await expect(discover('a@slow.mssante.fr', { ...base, timeoutMs: 5000, signal: ac.signal }))
      .rejects.toMatchObject({ code: 'aborted' });
  });

  it('refuses, outside test mode, a configuration whose servers resolve to private addresses', async () => {
    const op: KnownOperator = { ...OPERATORS[0]!, domains: ['private.mssante.fr'], imap: { ...OPERATORS[0]!.imap, host: 'imap.private.mssante.fr' } };
    const prod = { ...base, testMode: false, knownOperators: [op], timeoutMs: 1000 };
    await expect(discover('a@private.mssante.fr', prod)).rejects.toMatchObject({ code: 'no-config-found' });
    try {
      await discover('a@private.mssante.fr', prod);
    } catch (e) {
      const tried = (e as AutoconfigError).details?.tried as Array<{ source: string; code?: string }>;
      expect(tried.find((t) => t.source === 'known-operators')?.code).toBe('private-address');
    }
    // In test mode the same table is accepted.
    expect((await discover('a@private.mssante.fr', { ...prod, testMode: true })).source).toBe('known-operators');
  });

  it('flags servers outside the BAL domain whatever the source (autoconfig, explicit URL), naming each host', async () => {
    for (const opts of [base, { ...base, explicitUrl: `https://localhost:${srv.port}/hijack.xml` }]) {
      const r = await discover('a@hijack.mssante.fr', opts);
      expect(r.trusted).toBe(true);
      expect(r.outsideHosts).toEqual(['mail.evil.example']);
      const w = r.warnings.find((x) => x.code === 'server-outside-domain');
      expect(w?.message).toMatch(/mail\.evil\.example.*hijack\.mssante\.fr/s);
    }
    const inside = await discover('alice@prio.mssante.fr', base);
    expect(inside.outsideHosts).toEqual([]);
  });

  it('refuses an invalid address before any network access', async () => {
    await expect(discover('pas une adresse', base)).rejects.toMatchObject({ code: 'invalid-address' });
  });
});
