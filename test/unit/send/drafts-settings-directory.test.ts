import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizationHits, practitionerHits, practitionerRoleHits } from '../../../main/directory';
import { organizationSchema, practitionerRoleSchema, practitionerSchema } from '../../../main/directory/fhir-schema';
import { createCredentialsProvider } from '../../../main/auth/credentials';
import { UnprotectedFileSecretStore } from '../../../main/secrets';
import { ComposeSettingsStore } from '../../../main/send/compose-settings';
import { SyncEngine } from '../../../main/sync/engine';
import { SendService } from '../../../main/send/send-service';
import { openReader, openWriter } from '../../../main/store/open-store';
import type { StoreReader } from '../../../main/store/reader';
import type { StoreWriter } from '../../../main/store/writer';
import type { BalSummary, ComposeDraft, SessionInfo } from '../../../shared/types';
import { writesOn } from '../../../main/store/app-writes';

let dir: string;
let writer: StoreWriter;
let reader: StoreReader;
let settings: ComposeSettingsStore;
let secretsFile: string;
const session: SessionInfo = { idNat: '810101234560', givenName: 'Claire', familyName: 'PETIT', profession: 'Secrétaire médicale', method: 'MOBILE', locked: false, offline: false, since: 0 };
const mailboxes: BalSummary[] = [{ address: 'cabinet.saint-roch@test.mssante.fr', type: 'CAB', label: 'Cabinet médical Saint-Roch', role: 'délégataire', unread: 0, active: true, confirmedAt: 1 }];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mss-send-unit-'));
  const key = crypto.randomBytes(32).toString('hex');
  writer = openWriter(path.join(dir, 'cache.db'), key);
  reader = openReader(path.join(dir, 'cache.db'), key);
  secretsFile = path.join(dir, 'secrets.json');
  settings = new ComposeSettingsStore(dir, new UnprotectedFileSecretStore({ file: secretsFile, userAcceptedRisk: true }));
});
afterAll(() => {
  reader.close();
  writer.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function service(locked = false) {
  return new SendService({
    cache: () => ({ reader, writes: writesOn(writer) }),
    session: () => ({ ...session, locked }),
    credentials: createCredentialsProvider({ getAccessToken: async () => 'unused', invalidateAccessToken: () => undefined }),
    // A real engine syncing no BAL: every IMAP request of the sending side is "offline" here.
    imap: new SyncEngine(writer, async () => { throw new Error('no IMAP in unit tests'); }),
    mailboxes: () => mailboxes,
    accountServers: () => ({ smtp: { host: '127.0.0.1', port: 1, security: 'starttls' } }),
    settings,
    extraCa: [],
    emit: () => undefined,
  });
}

describe('compose settings', () => {
  it('defaults, persistence in the profile, API key kept in the secret store and never returned', async () => {
    expect(await settings.get()).toMatchObject({ nil: 'MessagerieMSSante/0.1', autoMdn: false, directoryApiKeySet: false, directoryUrl: 'https://gateway.api.esante.gouv.fr/fhir/v2', maxMessageBytes: 25 * 1024 * 1024 });
    const updated = await settings.update({ nil: 'Produit/1.2', directoryApiKey: 'secret-key-123', signatures: { 'cabinet.saint-roch@test.mssante.fr': '<p>Le secrétariat</p>' } });
    expect(JSON.stringify(updated)).not.toContain('secret-key-123');
    expect(updated.directoryApiKeySet).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'compose-settings.json'), 'utf8')).not.toContain('secret-key-123');
    expect(await settings.apiKey()).toBe('secret-key-123');
    const again = new ComposeSettingsStore(dir, new UnprotectedFileSecretStore({ file: secretsFile, userAcceptedRisk: true }));
    expect(await again.get()).toMatchObject({ nil: 'Produit/1.2', directoryApiKeySet: true });
    expect((await settings.update({ directoryApiKey: '' })).directoryApiKeySet).toBe(false);
  });
});

describe('identities and drafts', () => {
  it('identity per BAL with label, signature and size limit', () => {
    expect(service().identities()).toEqual([{ bal: 'cabinet.saint-roch@test.mssante.fr', fromLabel: 'Cabinet médical Saint-Roch', signatureHtml: '<p>Le secrétariat</p>', maxMessageBytes: 25 * 1024 * 1024 }]);
  });

  it('save, list, get, delete a draft with attachments and flags; other BALs refused; locked: refused', async () => {
    const s = service();
    const d: ComposeDraft = {
      bal: 'cabinet.saint-roch@test.mssante.fr', to: ['Dr Alice <alice.martin@test.mssante.fr>'], cc: [], bcc: ['x@test.mssante.fr'], subject: 'Brouillon é',
      html: '<p>Texte</p>', text: 'Texte', attachments: [{ filename: 'a.pdf', mime: 'application/pdf', contentBase64: Buffer.from('%PDF').toString('base64') }],
      requestDsn: true, requestReadReceipt: false, patientNoReply: false, fromLabel: 'Secrétariat',
    };
    const { draftId } = await s.saveDraft(d);
    expect(s.listDrafts('cabinet.saint-roch@test.mssante.fr')).toEqual([expect.objectContaining({ draftId, subject: 'Brouillon é' })]);
    expect(s.getDraft(draftId)).toEqual({ ...d, draftId });
    await s.saveDraft({ ...d, draftId, subject: 'Modifié' });
    expect(s.listDrafts('cabinet.saint-roch@test.mssante.fr')).toHaveLength(1);
    await expect(s.saveDraft({ ...d, bal: 'bob.durand@test.mssante.fr' })).rejects.toThrow(/pas autorisé\(e\) à envoyer/);
    expect(() => service(true).listDrafts('cabinet.saint-roch@test.mssante.fr')).toThrow(/verrouillée/);
    expect(await s.deleteDraft(draftId)).toEqual({ deleted: true });
    expect(() => s.getDraft(draftId)).toThrow(/brouillon n'existe plus/);
  });
});

describe('directory entries from FHIR', () => {
  const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../sandbox/fixtures/annuaire.json'), 'utf8')) as { entry: Array<{ resource: { resourceType: string; id: string } }> };
  const resource = (type: string, id: string) => fixture.entry.find((e) => e.resource.resourceType === type && e.resource.id === id)!.resource;
  it('one entry per published MSSanté mailbox: e-mails of another type (plain, Apicrypt) are left out', () => {
    const alice = practitionerSchema.parse(resource('Practitioner', '003-1007919'));
    expect(alice.telecom!.map((t) => t.value)).toContain('alice.martin@medecin.apicrypt.org');
    expect(practitionerHits(alice)).toEqual([{ name: 'Dr Alice MARTIN', profession: 'Médecin', city: 'Paris', address: 'alice.martin@test.mssante.fr', balType: 'PER' }]);
  });
  it('PractitionerRole (cabinet BAL) and Organization (ORG, APP) mailboxes', () => {
    const alice = practitionerSchema.parse(resource('Practitioner', '003-1007919'));
    const role = practitionerRoleSchema.parse(resource('PractitionerRole', 'role-003-1007919'));
    expect(practitionerRoleHits(role, alice)).toEqual([{ name: 'Cabinet médical Saint-Roch', profession: 'Médecin', city: 'Paris', address: 'cabinet.saint-roch@test.mssante.fr', balType: 'CAB' }]);
    const labo = organizationSchema.parse(resource('Organization', 'org-laboratoire-saint-roch'));
    expect(organizationHits(labo)).toEqual([{ name: 'Laboratoire Saint-Roch – Résultats', profession: null, city: 'Paris', address: 'logiciel.labo@test.mssante.fr', balType: 'APP' }]);
  });
  it('red-listed mailboxes are left out', () => {
    const p = practitionerSchema.parse(resource('Practitioner', '003-1007919'));
    const meta = p.telecom![0]!.extension!.find((e) => /mailbox-mss-metadata$/.test(e.url))!;
    meta.extension!.find((e) => e.url === 'listeRouge')!.valueBoolean = true;
    expect(practitionerHits(p)).toEqual([]);
  });
});
