import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isDomainTrusted, lastGoodPath, loadOfficialTrustList, parseTrustList, refreshTrustList, sha256Hex, type TrustList,
} from '../../../main/autoconfig/trust-list';
import { TrustListService } from '../../../main/autoconfig/trust-list-service';
import { trustedRoots } from '../../../main/autoconfig/fetch-https';
import { trustListXml } from '../../../sandbox/web/trust-list';
import { startHttpsServer, xmlHandler, type TestHttpsServer } from './helpers/https-server';
import { makeTestPki, type TestPki } from './helpers/test-pki';

const NEWER = trustListXml([{ nom: 'Nouveau.MSSante.fr', description: 'Nouveau', dn: 'CN=mx.nouveau.fr,O=NOUVEL OPERATEUR,C=FR', support: 'support@nouveau.fr' }], '2026-12-01T08:00:00Z');
const OLDER = trustListXml([{ nom: 'ancien.mssante.fr' }], '2020-01-01T00:00:00Z');

let pki: TestPki;
let srv: TestHttpsServer;
let official: TrustList;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mss-trust-'));
beforeAll(async () => {
  pki = makeTestPki();
  srv = await startHttpsServer(pki);
  srv.routes.set('/listeblanchemssante.xml', xmlHandler(NEWER));
  srv.routes.set('/checksum.txt', xmlHandler(sha256Hex(NEWER)));
  srv.routes.set('/wrong-checksum.txt', xmlHandler('0'.repeat(64)));
  srv.routes.set('/older.xml', xmlHandler(OLDER));
  srv.routes.set('/empty.xml', xmlHandler('<ListeBlancheMSSante xmlns="https://listeblanche.mssante.fr/schema"><DateDeGeneration>2026-12-01T08:00:00Z</DateDeGeneration><ListeDomaines></ListeDomaines>'));
  srv.routes.set('/slow.xml', () => undefined);
  official = loadOfficialTrustList();
});
afterAll(async () => {
  await srv?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});
const url = (p: string) => `https://localhost:${srv.port}${p}`;

describe('trust list', () => {
  it('trusts the sandbox domain in test mode only, even when a list names it', () => {
    expect(isDomainTrusted('test.mssante.fr', official, false)).toBe(false);
    expect(isDomainTrusted('test.mssante.fr', official, true)).toBe(true);
    const poisoned = parseTrustList(trustListXml([{ nom: 'test.mssante.fr' }]), 'custom');
    expect(isDomainTrusted('test.mssante.fr', poisoned, false)).toBe(false);
  });

  it('refreshes from the published URL, checks the published SHA-256 and keeps the last good copy', async () => {
    const profile = path.join(tmp, 'p1');
    const r = await refreshTrustList({ url: url('/listeblanchemssante.xml'), checksumUrl: url('/checksum.txt'), testMode: true, extraCa: [pki.caCert], fallback: official, profileDir: profile });
    expect(r.warning).toBeUndefined();
    expect(r.list.origin).toBe('remote');
    expect([...r.list.domains.keys()]).toEqual(['nouveau.mssante.fr']);
    expect(fs.readFileSync(lastGoodPath(profile), 'utf8')).toBe(NEWER);
  });

  it('refuses a list whose SHA-256 differs from the published one, or older than the one in use', async () => {
    const profile = path.join(tmp, 'p2');
    const wrong = await refreshTrustList({ url: url('/listeblanchemssante.xml'), checksumUrl: url('/wrong-checksum.txt'), testMode: true, extraCa: [pki.caCert], fallback: official, profileDir: profile });
    expect(wrong.list).toBe(official);
    expect(wrong.warning?.message).toBe("La liste de confiance MSSanté n'a pas pu être mise à jour (empreinte SHA-256 différente de celle publiée) : la copie fournie avec le logiciel du 13/03/2025 est utilisée.");
    const older = await refreshTrustList({ url: url('/older.xml'), testMode: true, extraCa: [pki.caCert], fallback: official, profileDir: profile });
    expect(older.list).toBe(official);
    expect(older.warning?.message).toMatch(/plus ancienne/);
    expect(fs.existsSync(lastGoodPath(profile))).toBe(false);
  });

  it('falls back to the list in use when the published one is unreachable, empty or slow', async () => {
    for (const [u, timeoutMs] of [['https://localhost:9/listeblanchemssante.xml', 3000], [url('/empty.xml'), 3000], [url('/slow.xml'), 300]] as const) {
      // /slow.xml never answers: resolving at all proves the refresh gave up at its own time limit.
      const r = await refreshTrustList({ url: u, testMode: true, extraCa: [pki.caCert], timeoutMs, fallback: official });
      expect(r.list).toBe(official);
      expect(r.warning?.code).toBe('trust-list-stale');
      expect(r.warning?.message).toMatch(/du 13\/03\/2025 est utilisée/);
    }
  });

  it('the refresh trusts the configured roots only (IGC-Santé in production), never the OS store', async () => {
    const other = makeTestPki();
    expect(trustedRoots([other.caCert], false)).toEqual([other.caCert]);
    expect(trustedRoots([other.caCert]).length).toBeGreaterThan(1);
    const refused = await refreshTrustList({ url: url('/listeblanchemssante.xml'), testMode: true, extraCa: [other.caCert], systemRoots: false, fallback: official });
    expect(refused.list).toBe(official);
    expect(refused.warning?.message).toMatch(/certificat refusé/);
    const ok = await refreshTrustList({ url: url('/listeblanchemssante.xml'), testMode: true, extraCa: [pki.caCert], systemRoots: false, fallback: official });
    expect(ok.warning).toBeUndefined();
  });

  it('refuses loopback for the refresh outside test mode', async () => {
    const r = await refreshTrustList({ url: url('/listeblanchemssante.xml'), testMode: false, extraCa: [pki.caCert], fallback: official });
    expect(r.list).toBe(official);
    expect(r.warning?.message).toMatch(/adresse locale ou privée refusée/);
  });
});

describe('TrustListService (the running app)', () => {
  it('parses the 3.7 MB official list in a worker while the event loop keeps turning; prints the cost', async () => {
    const service = new TrustListService({ profileDir: path.join(tmp, 's1'), testMode: false, net: { testMode: false } });
    let turns = 0;
    let done = false;
    const spin = () => {
      turns++;
      if (!done) setImmediate(spin);
    };
    setImmediate(spin);
    const list = await service.ready();
    done = true;
    expect(list.origin).toBe('official');
    expect(list.domains.size).toBe(5002);
    expect(turns).toBeGreaterThan(1);
    expect(service.current()).toBe(list);
    expect(await service.ready()).toBe(list); // cached
    console.log(`trust list: 5,002 domains loaded off the event loop in ${service.loadMs?.toFixed(0)} ms (${turns} event-loop turns meanwhile)`);
    expect((await service.info('medecin.mssante.fr'))?.operators).toEqual(['CAPGEMINI TECHNOLOGY SERVICES']);
  });

  it('starts from the last good copy when it is newer than the official one, and refreshes into it', async () => {
    const profile = path.join(tmp, 's2');
    const service = new TrustListService({ profileDir: profile, testMode: true, net: { testMode: true, extraCa: [pki.caCert] }, url: url('/listeblanchemssante.xml'), checksumUrl: url('/checksum.txt') });
    expect((await service.ready()).origin).toBe('official');
    const r = await service.refresh();
    expect(r.warning).toBeUndefined();
    expect(await service.isTrusted('nouveau.mssante.fr')).toBe(true);
    const next = new TrustListService({ profileDir: profile, testMode: false, net: { testMode: false } });
    const list = await next.ready();
    expect(list.origin).toBe('last-good');
    expect(list.generatedAt).toBe('2026-12-01T08:00:00Z');
  });
});
