import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDomainTrusted, loadBundledTrustList, parseTrustList, refreshTrustList } from '../../../main/autoconfig/trust-list';
import { startHttpsServer, xmlHandler, type TestHttpsServer } from './helpers/https-server';
import { makeTestPki, type TestPki } from './helpers/test-pki';

let pki: TestPki;
let srv: TestHttpsServer;
beforeAll(async () => {
  pki = makeTestPki();
  srv = await startHttpsServer(pki);
  srv.routes.set('/listeblanchemssante.xml', xmlHandler('<?xml version="1.0"?><ListeBlanche><Domaine><Nom>Nouveau.MSSante.fr</Nom></Domaine></ListeBlanche>'));
  srv.routes.set('/empty.xml', xmlHandler('<ListeBlanche/>'));
  srv.routes.set('/slow.xml', () => undefined);
});
afterAll(async () => srv?.close());

describe('trust list', () => {
  it('loads the bundled copy', () => {
    const list = loadBundledTrustList();
    expect(list.origin).toBe('bundled');
    expect(list.updatedAt).toBe('2026-11-01');
    expect(list.domains.size).toBeGreaterThan(20);
    expect(isDomainTrusted('medecin.mssante.fr', list, false)).toBe(true);
    expect(isDomainTrusted('MEDECIN.mssante.fr.', list, false)).toBe(true);
    expect(isDomainTrusted('gmail.com', list, false)).toBe(false);
  });

  it('trusts the sandbox domain in test mode only', () => {
    const list = loadBundledTrustList();
    expect(isDomainTrusted('test.mssante.fr', list, false)).toBe(false);
    expect(isDomainTrusted('test.mssante.fr', list, true)).toBe(true);
    const poisoned = parseTrustList('<L><Domaine><Nom>test.mssante.fr</Nom></Domaine></L>', 'custom');
    expect(isDomainTrusted('test.mssante.fr', poisoned, false)).toBe(false);
  });

  it('reads //Domaine/Nom at any depth, with or without a namespace prefix', () => {
    const list = parseTrustList('<a:Liste xmlns:a="urn:x"><x><a:Domaine><a:Nom>one.mssante.fr</a:Nom></a:Domaine></x><Domaine><Nom>two.mssante.fr</Nom><Autre><Nom>not-a-domain-entry.fr</Nom></Autre></Domaine></a:Liste>', 'custom');
    expect([...list.domains].sort()).toEqual(['one.mssante.fr', 'two.mssante.fr']);
  });

  it('refuses hostile or empty lists', () => {
    expect(() => parseTrustList('<!DOCTYPE x [<!ENTITY a "b">]><L/>', 'custom')).toThrow(/DOCTYPE/);
    expect(() => parseTrustList('<L/>', 'custom')).toThrow(/aucun domaine/);
  });

  it('refreshes from an injected URL', async () => {
    const r = await refreshTrustList({ url: `https://localhost:${srv.port}/listeblanchemssante.xml`, testMode: true, extraCa: [pki.caCert] });
    expect(r.warning).toBeUndefined();
    expect(r.list.origin).toBe('remote');
    expect([...r.list.domains]).toEqual(['nouveau.mssante.fr']);
  });

  it('falls back quietly to the bundled copy when the list is unreachable, empty or slow', async () => {
    for (const [url, timeoutMs] of [
      ['https://localhost:9/listeblanchemssante.xml', 3000],
      [`https://localhost:${srv.port}/empty.xml`, 3000],
      [`https://localhost:${srv.port}/slow.xml`, 300],
    ] as const) {
      // /slow.xml never answers: resolving at all proves the refresh gave up at its own time limit.
      const r = await refreshTrustList({ url, testMode: true, extraCa: [pki.caCert], timeoutMs });
      expect(r.list.origin).toBe('bundled');
      expect(r.warning?.code).toBe('trust-list-stale');
    }
  });

  it('refuses loopback for the refresh outside test mode', async () => {
    const r = await refreshTrustList({ url: `https://localhost:${srv.port}/listeblanchemssante.xml`, testMode: false, extraCa: [pki.caCert] });
    expect(r.list.origin).toBe('bundled');
    expect(r.warning?.message).toMatch(/adresse locale ou privée refusée/);
  });
});
