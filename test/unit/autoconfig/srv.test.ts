// SRV discovery against a real DNS server on 127.0.0.1 (dns-packet).
import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutoconfigError } from '../../../main/autoconfig/errors';
import { outsideHosts } from '../../../main/autoconfig/host-policy';
import { lookupSrv } from '../../../main/autoconfig/srv';
import { dnsSrvSource } from '../../../main/autoconfig/sources/dns-srv';
import { parseAddress } from '../../../main/autoconfig/policy';
import { startDnsServer, type TestDnsServer } from './helpers/dns-server';

let dns: TestDnsServer;

beforeAll(async () => {
  dns = await startDnsServer({
    srv: {
      // Both STARTTLS and implicit TLS: priority decides across the two names, ties prefer implicit TLS.
      '_imap._tcp.example.mssante.fr': [{ priority: 10, weight: 0, port: 143, target: 'imap.example.mssante.fr' }],
      '_imaps._tcp.example.mssante.fr': [
        { priority: 20, weight: 0, port: 993, target: 'imap.example.mssante.fr' },
        { priority: 5, weight: 0, port: 0, target: '.' },
      ],
      '_submission._tcp.example.mssante.fr': [{ priority: 0, weight: 1, port: 587, target: 'smtp.example.mssante.fr' }],
      '_submissions._tcp.example.mssante.fr': [{ priority: 0, weight: 1, port: 465, target: 'smtp.example.mssante.fr' }],
      '_imap._tcp.half.mssante.fr': [{ priority: 0, weight: 0, port: 143, target: 'imap.half.mssante.fr' }],
      '_imaps._tcp.elsewhere.mssante.fr': [{ priority: 0, weight: 0, port: 993, target: 'mail.hoster.example' }],
      '_submission._tcp.elsewhere.mssante.fr': [{ priority: 0, weight: 0, port: 587, target: 'mail.hoster.example' }],
      '_imap._tcp.local.mssante.fr': [{ priority: 0, weight: 0, port: 10143, target: '127.0.0.1' }],
      '_submission._tcp.local.mssante.fr': [{ priority: 0, weight: 0, port: 10587, target: '127.0.0.1' }],
    },
  });
});
afterAll(async () => dns?.close());

const opts = () => ({ testMode: false, dnsServers: [dns.server], timeoutMs: 2000 });

describe('lookupSrv', () => {
  it('queries the four RFC 6186/8314 names and orders by priority across TLS and STARTTLS', async () => {
    const r = await lookupSrv('example.mssante.fr', opts());
    expect(dns.queries).toEqual(expect.arrayContaining([
      'SRV _imaps._tcp.example.mssante.fr', 'SRV _imap._tcp.example.mssante.fr',
      'SRV _submissions._tcp.example.mssante.fr', 'SRV _submission._tcp.example.mssante.fr',
    ]));
    expect(r.imap).toMatchObject({ host: 'imap.example.mssante.fr', port: 143, security: 'starttls', record: '_imap._tcp.example.mssante.fr' });
    expect(r.imapAll.map((e) => e.port)).toEqual([143, 993]); // "." target dropped
    expect(r.smtp).toMatchObject({ port: 465, security: 'tls' }); // same priority: implicit TLS first
  });

  it('returns nothing for a domain without records', async () => {
    const r = await lookupSrv('nothing.mssante.fr', opts());
    expect(r.imap).toBeUndefined();
    expect(r.smtp).toBeUndefined();
  });

  it('drops IP-literal targets pointing to loopback outside test mode', async () => {
    expect((await lookupSrv('local.mssante.fr', opts())).imap).toBeUndefined();
    expect((await lookupSrv('local.mssante.fr', { ...opts(), testMode: true })).imap).toMatchObject({ host: '127.0.0.1', port: 10143 });
  });

  it('fails with a typed error on a silent DNS server, within its time limit', async () => {
    const silent = dgram.createSocket('udp4');
    await new Promise<void>((r) => silent.bind(0, '127.0.0.1', r));
    try {
      // The server never answers: a 'timeout' rejection is the time limit at work.
      const p = lookupSrv('example.mssante.fr', { testMode: false, dnsServers: [`127.0.0.1:${(silent.address() as AddressInfo).port}`], timeoutMs: 300 });
      await expect(p).rejects.toBeInstanceOf(AutoconfigError);
      await expect(p).rejects.toMatchObject({ code: 'timeout' });
    } finally {
      silent.close();
    }
  });
});

describe('dns-srv source', () => {
  const run = (address: string, testMode = false) =>
    dnsSrvSource.run({ address: parseAddress(address), opts: { ...opts(), testMode }, knownOperators: [] });

  it('builds an OAuth2 (PSC) configuration from SRV records', async () => {
    const { config, warnings } = await run('alice@example.mssante.fr');
    expect(config.imap).toMatchObject({ host: 'imap.example.mssante.fr', port: 143, security: 'starttls', username: 'alice@example.mssante.fr', auth: 'oauth2' });
    expect(config.smtp).toMatchObject({ port: 465, security: 'tls' });
    expect(config.psc?.issuer).toBe('https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet');
    expect(warnings.map((w) => w.code)).toEqual(['psc-default']);
  });

  it('fails when one service is missing', async () => {
    await expect(run('a@half.mssante.fr')).rejects.toMatchObject({ code: 'no-srv-records' });
  });

  it('gives servers outside the domain to the host policy (no warning of its own)', async () => {
    const { config, warnings } = await run('a@elsewhere.mssante.fr');
    expect(warnings.map((w) => w.code)).toEqual(['psc-default']);
    expect(outsideHosts(config, { testMode: false, knownOperators: [] }).length).toBeGreaterThan(0);
  });
});
