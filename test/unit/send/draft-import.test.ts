// A draft copy as written to the Drafts folder (same builder as sending, Bcc kept, X-Mss-Draft-Id) read
// back into the composer's draft; and what counts as the Drafts folder.
import { describe, expect, it } from 'vitest';
import { parseRecipients } from '../../../main/send/addresses';
import { buildMessage, newMessageId } from '../../../main/send/build-message';
import { draftFromRaw, isDraftsFolder } from '../../../main/send/draft-import';
import { DRAFT_ID_HEADER } from '../../../main/sync/drafts-copy';

const BAL = 'cabinet.saint-roch@test.mssante.fr';
const uuid = '0b7e6c2a-8a55-4a8e-9d0e-3c1f2a4b5c6d';

async function draftCopy(over: Partial<Parameters<typeof buildMessage>[0]> = {}): Promise<Buffer> {
  return buildMessage({
    bal: BAL,
    fromLabel: 'Claire_PETIT_Cabinet',
    to: parseRecipients(['Dr Alice MARTIN <alice.martin@test.mssante.fr>']).valid,
    cc: parseRecipients(['bob.durand@test.mssante.fr']).valid,
    draftBcc: parseRecipients(['secretariat@test.mssante.fr']).valid,
    subject: 'Compte rendu — Mme BERNARD',
    html: '<p>Chère consœur,</p><p>voici le <b>compte rendu</b>.</p><script>alert(1)</script>',
    text: 'Chère consœur,\nvoici le compte rendu.',
    attachments: [{ filename: 'ordonnance.txt', mime: 'text/plain', content: Buffer.from('Paracétamol 1 g\n') }],
    mssHeaders: { 'X-MSS-NIL': 'MessagerieMSSante/0.1', [DRAFT_ID_HEADER]: uuid },
    requestReadReceipt: true,
    messageId: newMessageId(BAL),
    date: new Date(),
    ...over,
  });
}

describe('draft copies', () => {
  it('keep Bcc and the draft id in the header (a sent message never shows its Bcc)', async () => {
    const raw = (await draftCopy()).toString('utf8');
    expect(raw).toMatch(/^Bcc: secretariat@test\.mssante\.fr/m);
    expect(raw).toMatch(new RegExp(`^X-Mss-Draft-Id: ${uuid}`, 'mi'));
    const sent = (await draftCopy({ draftBcc: [] })).toString('utf8');
    expect(sent).not.toMatch(/^Bcc:/m);
  });

  it('read back into the composer: recipients, subject, sanitized body, attachment, options, draft id', async () => {
    const d = await draftFromRaw(await draftCopy(), BAL);
    expect(d.uuid).toBe(uuid);
    expect(d.draft).toMatchObject({
      bal: BAL,
      to: ['Dr Alice MARTIN <alice.martin@test.mssante.fr>'],
      cc: ['bob.durand@test.mssante.fr'],
      bcc: ['secretariat@test.mssante.fr'],
      subject: 'Compte rendu — Mme BERNARD',
      requestReadReceipt: true,
      patientNoReply: false,
    });
    expect(d.draft.html).toContain('<b>compte rendu</b>');
    expect(d.draft.html).not.toContain('<script');
    expect(d.draft.text).toContain('voici le compte rendu.');
    expect(d.draft.attachments.map((a) => [a.filename, a.mime, Buffer.from(a.contentBase64, 'base64').toString('utf8')])).toEqual([['ordonnance.txt', 'text/plain', 'Paracétamol 1 g\n']]);
  });

  it('a copy written by another client has no draft id; a forged one is ignored', async () => {
    expect((await draftFromRaw(await draftCopy({ mssHeaders: { 'X-MSS-NIL': 'x' } }), BAL)).uuid).toBeNull();
    expect((await draftFromRaw(await draftCopy({ mssHeaders: { [DRAFT_ID_HEADER]: "'; DROP TABLE" } }), BAL)).uuid).toBeNull();
  });

  it('the Drafts folder: SPECIAL-USE first, else its usual names', () => {
    expect(isDraftsFolder({ specialUse: '\\Drafts', path: 'Travail', name: 'Travail' })).toBe(true);
    expect(isDraftsFolder({ specialUse: null, path: 'Brouillons', name: 'Brouillons' })).toBe(true);
    expect(isDraftsFolder({ specialUse: '\\Sent', path: 'Drafts', name: 'Drafts' })).toBe(false);
    expect(isDraftsFolder({ specialUse: null, path: 'INBOX', name: 'INBOX' })).toBe(false);
  });
});
