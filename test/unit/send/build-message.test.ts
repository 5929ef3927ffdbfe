import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { buildXdmZip } from '../../../sandbox/seed/xdm';
import { parseRecipients } from '../../../main/send/addresses';
import { buildMessage, envelopeIdOf, newMessageId } from '../../../main/send/build-message';
import { computeMssHeaders, DEFAULT_NIL } from '../../../main/send/mss-headers';
import { cleanLabel, defaultFromLabel } from '../../../main/send/sender-label';

const xdm = buildXdmZip(
  { nom: 'DUPONT', prenom: 'Jeanne', sexe: 'F', naissance: '31/01/1980', ins: '280017512345678' },
  { code: '11488-4', label: 'Note de consultation', author: { name: 'Dr Alice MARTIN', idNat: '810001234567', org: 'Cabinet' }, date: new Date(), lines: ['ok'], uniqueId: '1.2.3.4' },
).zip;

describe('MSSanté headers', () => {
  it('X-MSS-NIL on every message, default the product reference', async () => {
    expect(await computeMssHeaders({ nil: '', attachments: [], recipients: ['a@test.mssante.fr'], patientNoReply: false })).toEqual({ 'X-MSS-NIL': DEFAULT_NIL });
    expect(DEFAULT_NIL).toBe('MessagerieMSSante/0.1');
  });

  it('X-MSS-CODECDA / X-MSS-INS from an attached IHE_XDM.zip, X-MSS-MES: FIN only towards patients', async () => {
    const h = await computeMssHeaders({ nil: 'Produit/2.0', attachments: [{ filename: 'IHE_XDM.zip', content: xdm }], recipients: ['280017512345678@patient.mssante.fr'], patientNoReply: true });
    expect(h).toEqual({ 'X-MSS-NIL': 'Produit/2.0', 'X-MSS-CODECDA': '11488-4', 'X-MSS-INS': 'O', 'X-MSS-MES': 'FIN' });
    const pro = await computeMssHeaders({ nil: 'P', attachments: [{ filename: 'autre.zip', content: xdm }], recipients: ['a@test.mssante.fr'], patientNoReply: true });
    expect(pro).toEqual({ 'X-MSS-NIL': 'P' });
  });
});

describe('sender label', () => {
  const claire = { givenName: 'Claire', familyName: 'Petit', profession: 'Secrétaire médicale' };
  const alice = { givenName: 'Alice', familyName: 'Martin', profession: 'Médecin' };
  it('PER: the titular, never the delegate', () => {
    expect(defaultFromLabel({ address: 'alice.martin@test.mssante.fr', type: 'PER', label: 'Dr Alice MARTIN' }, alice, true)).toBe('Dr_Alice_MARTIN');
    expect(defaultFromLabel({ address: 'alice.martin@test.mssante.fr', type: 'PER', label: 'Dr Alice MARTIN' }, claire, false)).toBe('Dr_Alice_MARTIN');
    expect(defaultFromLabel({ address: 'm@medecin.mssante.fr', type: 'PER', label: '', entity: 'Cabinet Medical' }, { givenName: 'Marie', familyName: 'Martin', profession: 'Médecin' }, true)).toBe('Dr_Marie_MARTIN_Cabinet Medical');
  });
  it('ORG / CAB: the entity', () => {
    expect(defaultFromLabel({ address: 'cabinet.saint-roch@test.mssante.fr', type: 'CAB', label: 'Cabinet médical Saint-Roch' }, claire, false)).toBe('Cabinet médical Saint-Roch');
  });
  it('an edited label stays one safe line', () => {
    expect(cleanLabel('Dr <X>\r\nBcc: evil@x')).toBe('Dr X Bcc: evil@x');
  });
});

describe('message building', () => {
  it('UTF-8 text + HTML alternative, attachments, ids, read-receipt request, no Bcc header', async () => {
    const messageId = newMessageId('cabinet.saint-roch@test.mssante.fr');
    expect(messageId).toMatch(/^<[0-9a-f-]{36}@test\.mssante\.fr>$/);
    expect(envelopeIdOf(messageId)).toMatch(/^[0-9a-f-]{36}$/);
    const pdf = Buffer.from('%PDF-1.4 fake');
    const raw = await buildMessage({
      bal: 'cabinet.saint-roch@test.mssante.fr',
      fromLabel: 'Cabinet médical Saint-Roch',
      to: parseRecipients(['Dr Alice MARTIN <alice.martin@test.mssante.fr>']).valid,
      cc: [],
      subject: 'Résultats – été',
      html: '<p>Bonjour Élodie</p>',
      text: 'Bonjour Élodie',
      attachments: [{ filename: 'IHE_XDM.zip', mime: 'application/zip', content: xdm }, { filename: 'compte-rendu é.pdf', mime: 'application/pdf', content: pdf }],
      inReplyTo: '<orig@test.mssante.fr>',
      references: ['<root@test.mssante.fr>', '<orig@test.mssante.fr>'],
      mssHeaders: { 'X-MSS-NIL': DEFAULT_NIL, 'X-MSS-CODECDA': '11488-4', 'X-MSS-INS': 'O' },
      requestReadReceipt: true,
      messageId,
      date: new Date('2026-11-22T09:00:00Z'),
    });
    const text = raw.toString('utf8');
    expect(text).not.toMatch(/^Bcc:/im);
    expect(text).toMatch(/^X-MSS-NIL: MessagerieMSSante\/0\.1\r?$/m);
    expect(text).toMatch(/^X-MSS-CODECDA: 11488-4\r?$/m);
    const m = await simpleParser(raw);
    expect(m.subject).toBe('Résultats – été');
    expect(m.text?.trim()).toBe('Bonjour Élodie');
    expect(m.html).toContain('Élodie');
    expect(m.messageId).toBe(messageId);
    expect(m.inReplyTo).toBe('<orig@test.mssante.fr>');
    expect(m.references).toEqual(['<root@test.mssante.fr>', '<orig@test.mssante.fr>']);
    expect(m.from?.value[0]).toEqual({ name: 'Cabinet médical Saint-Roch', address: 'cabinet.saint-roch@test.mssante.fr' });
    expect(m.headers.get('x-mss-nil')).toBe(DEFAULT_NIL);
    expect(m.headers.get('x-mss-codecda')).toBe('11488-4');
    expect(m.headers.get('x-mss-ins')).toBe('O');
    expect(String(m.headers.get('disposition-notification-to') && text.match(/^Disposition-Notification-To: (.*)$/m)?.[1])).toContain('cabinet.saint-roch@test.mssante.fr');
    expect(m.attachments.map((a) => a.filename)).toEqual(['IHE_XDM.zip', 'compte-rendu é.pdf']);
    expect(m.attachments[0]!.content.equals(xdm)).toBe(true);
    expect(m.attachments[1]!.content.equals(pdf)).toBe(true);
    expect(m.date?.toISOString()).toBe('2026-11-22T09:00:00.000Z');
  });

  it('recipient parsing keeps names, refuses garbage', () => {
    const r = parseRecipients(['Dr Bob <bob.durand@test.mssante.fr>', 'pas une adresse', 'x@y', ' ', 'alice.martin@test.mssante.fr']);
    expect(r.valid).toEqual([{ name: 'Dr Bob', address: 'bob.durand@test.mssante.fr' }, { name: null, address: 'alice.martin@test.mssante.fr' }]);
    expect(r.invalid).toEqual(['pas une adresse', 'x@y']);
  });
});
