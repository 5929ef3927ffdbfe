// Recipient search against the sandbox's Annuaire Santé FHIR fixture (https, sandbox CA, API key header),
// merged with correspondents seen in the cache.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryService } from '../../../main/directory';
import { openReader, openWriter } from '../../../main/store/open-store';
import type { StoreReader } from '../../../main/store/reader';
import type { StoreWriter } from '../../../main/store/writer';
import { FHIR_BASE_URL } from '../../../sandbox/config';
import { CA } from './helpers';

let dir: string;
let writer: StoreWriter;
let reader: StoreReader;
let accountId: number;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mss-dir-'));
  const key = crypto.randomBytes(32).toString('hex');
  writer = openWriter(path.join(dir, 'cache.db'), key);
  reader = openReader(path.join(dir, 'cache.db'), key);
  accountId = writer.upsertAccount({ address: 'cabinet.saint-roch@test.mssante.fr', type: 'CAB', label: 'Cabinet' });
  const folder = writer.upsertFolder(accountId, { path: 'INBOX', uidvalidity: 1 }).id;
  writer.upsertMessages(folder, 1, [
    { uid: 1, messageId: '<c1@x>', subject: 's', from: { name: 'Laboratoire Martinet', address: 'resultats@labo-martinet.fr' }, to: [], date: Date.now() },
    { uid: 2, messageId: '<c2@x>', subject: 's', from: { name: 'Dr Alice MARTIN', address: 'alice.martin@test.mssante.fr' }, to: [], date: Date.now() },
  ]);
});
afterAll(() => {
  reader.close();
  writer.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const service = (apiKey: string | null, withContacts = true) =>
  new DirectoryService({
    contacts: () => (withContacts ? { reader, accountIds: [accountId] } : null),
    settings: async () => ({ directoryUrl: FHIR_BASE_URL, apiKey }),
    extraCa: [CA()],
    testMode: true,
  });

describe('directory search', () => {
  it('by name: directory entries with profession, city, BAL type, trust; contacts merged', async () => {
    const r = await service('cle-de-test').search('martin');
    const alice = r.find((e) => e.address === 'alice.martin@test.mssante.fr');
    expect(alice).toEqual({ name: 'Dr Alice MARTIN', profession: 'Médecin', city: 'Paris', address: 'alice.martin@test.mssante.fr', balType: 'PER', source: 'directory', trusted: true });
    expect(r.find((e) => e.address === 'cabinet.saint-roch@test.mssante.fr')).toMatchObject({ name: 'Cabinet médical Saint-Roch', balType: 'CAB', source: 'directory' });
    // Seen in the cache, not in the directory, outside the trust list.
    expect(r.find((e) => e.address === 'resultats@labo-martinet.fr')).toEqual({ name: 'Laboratoire Martinet', profession: null, city: null, address: 'resultats@labo-martinet.fr', balType: null, source: 'contacts', trusted: false });
    expect(r.filter((e) => e.address === 'alice.martin@test.mssante.fr')).toHaveLength(1);
  });

  it('by mailbox (mailbox-mss:contains) and by two words', async () => {
    const byMailbox = await service('cle-de-test', false).search('cardiologie');
    expect(byMailbox.map((e) => e.address)).toContain('cardiologie@chu-exemple.mssante.fr');
    const twoWords = await service('cle-de-test', false).search('Élise Durand');
    expect(twoWords.map((e) => e.address)).toEqual(['elise.durand@medecin.mssante.fr']);
    expect(twoWords[0]!.trusted).toBe(true); // medecin.mssante.fr is on the official MSSanté trust list
  });

  it('searches the three resource types with separate GETs (no batch), keeps MSSanté e-mails only, filters BAL types here', async () => {
    const urls: string[] = [];
    const { createTrustedFetch } = await import('../../../main/net/trusted-fetch');
    const real = createTrustedFetch({ extraCa: [CA()], timeoutMs: 10_000 });
    const spy = new DirectoryService({
      contacts: () => null, settings: async () => ({ directoryUrl: FHIR_BASE_URL, apiKey: 'k' }), extraCa: [CA()], testMode: true,
      fetch: (async (url: string, init?: unknown) => { urls.push(new URL(url).pathname.split('/').pop()!); return real(url, init as never); }) as never,
    });
    const all = await spy.search('martin');
    expect(new Set(urls)).toEqual(new Set(['Practitioner', 'Organization', 'PractitionerRole']));
    expect(urls).not.toContain('fhir');
    const addresses = all.map((e) => e.address);
    expect(addresses).toEqual(expect.arrayContaining(['alice.martin@test.mssante.fr', 'cabinet.saint-roch@test.mssante.fr']));
    expect(addresses).not.toContain('dr.martin.saint-roch@orange.fr');
    expect(addresses).not.toContain('alice.martin@medecin.apicrypt.org');
    // By organization name and by mailbox: ORG and APP BALs from Organization resources.
    const labo = await spy.search('laboratoire');
    expect(labo).toEqual([expect.objectContaining({ address: 'logiciel.labo@test.mssante.fr', balType: 'APP', name: 'Laboratoire Saint-Roch – Résultats' })]);
    const viaMailbox = await spy.search('accueil.centre-sante');
    expect(viaMailbox.map((e) => e.address)).toEqual(['accueil.centre-sante@test.mssante.fr']);
    // mailbox-mss:contains also matched the Organizations' plain contact e-mail: their MSSanté BALs are
    // offered, the plain address never.
    const byPlain = (await spy.search('centre-saint-roch')).map((e) => e.address).sort();
    expect(byPlain).toEqual(['accueil.centre-sante@test.mssante.fr', 'logiciel.labo@test.mssante.fr']);
    // BAL type filter, client-side: the server is never asked for a type.
    urls.length = 0;
    const cabOnly = await spy.search('martin', { balTypes: ['CAB'] });
    expect(cabOnly.map((e) => e.address)).toEqual(['cabinet.saint-roch@test.mssante.fr']);
  });

  it('without an API key: contacts only, or a clear French error when there are none', async () => {
    const r = await service(null).search('martin');
    expect(r.every((e) => e.source === 'contacts')).toBe(true);
    expect(r.map((e) => e.address)).toEqual(expect.arrayContaining(['alice.martin@test.mssante.fr', 'resultats@labo-martinet.fr']));
    const err = await service(null, false).search('martin').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'directory.no-key' });
    expect((err as Error).message).toMatch(/clé d'API/);
  });

  it('only an https directory URL is used', async () => {
    const plain = new DirectoryService({ contacts: () => null, settings: async () => ({ directoryUrl: 'http://localhost:1/fhir', apiKey: 'k' }), extraCa: [CA()], testMode: true });
    await expect(plain.search('martin')).rejects.toMatchObject({ code: 'directory.unavailable' });
  });
});
