// Drafts kept in the BAL's Drafts folder on the sandbox Dovecot, checked with a separate IMAP client (the
// operator's view): saved → one copy (\Draft, MSSanté headers, Bcc kept); edited → still exactly one copy,
// the new one; sent or discarded → none; offline → done when back, after a restart; a stray copy left by a
// crash between APPEND and the bookkeeping → removed at the next save; a draft written elsewhere (no draft
// id) opened from the cached Drafts folder, edited, and its original replaced.
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComposeDraft } from '../../../shared/types';
import { plainImapClient } from '../../../sandbox/control';
import { DRAFT_ID_HEADER } from '../../../main/sync/drafts-copy';
import { ALICE, BOB, CABINET, claireSession, harness, sleep, startSync, waitFor, type Harness } from './helpers';

const unique = (p: string) => `${p} ${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`;
const draft = (o: Partial<ComposeDraft>): ComposeDraft => ({
  bal: CABINET, to: [ALICE], cc: [], bcc: [], subject: unique('Brouillon'), html: '', text: 'Version 1',
  attachments: [], requestDsn: false, requestReadReceipt: false, patientNoReply: false, ...o,
});

/** Raw source (headers checked as written) and decoded text (bodies are quoted-printable). */
interface Copy { uid: number; raw: string; text: string; flags: Set<string> }

/** Copies of the BAL's Drafts folder found by a header (the operator's view, password login). */
async function serverCopies(address: string, header: Record<string, string>): Promise<Copy[]> {
  const c = await plainImapClient(address);
  try {
    const lock = await c.getMailboxLock('Drafts', { readOnly: true });
    try {
      const uids = await c.search({ header }, { uid: true });
      if (uids === false) throw new Error('SEARCH failed');
      const out: Copy[] = [];
      for (const uid of uids ?? []) {
        const m = await c.fetchOne(String(uid), { source: true, flags: true }, { uid: true });
        if (m && m.source) out.push({ uid, raw: m.source.toString('utf8'), text: (await simpleParser(m.source)).text ?? '', flags: m.flags ?? new Set() });
      }
      return out;
    } finally {
      lock.release();
    }
  } finally {
    await c.logout().catch(() => undefined);
  }
}

const byDraftId = (uuid: string) => serverCopies(CABINET, { [DRAFT_ID_HEADER.toLowerCase()]: uuid });

let h: Harness;
beforeAll(() => {
  h = harness();
});
afterAll(() => h.close());

describe('drafts on the server', () => {
  it('saved → one copy after the delay; edited → exactly one copy, the new one; sent → none', async () => {
    const s = h.service({ draftSyncDelayMs: 1500 });
    const { draftId } = await s.saveDraft(draft({ bcc: [BOB], text: 'Version 1 du compte rendu' }));
    const uuid = s.drafts.entry(h.reader, draftId)!.uuid;
    // Debounced: not on the server while the saves have not settled.
    await s.kick();
    expect(await byDraftId(uuid)).toHaveLength(0);
    const [first] = await waitFor(async () => ((await byDraftId(uuid)).length === 1 ? byDraftId(uuid) : null), 20_000, 500, 'first copy');
    expect(first!.flags.has('\\Draft')).toBe(true);
    expect(first!.text).toContain('Version 1 du compte rendu');
    expect(first!.raw).toMatch(/^X-MSS-NIL: /m);
    expect(first!.raw).toMatch(new RegExp(`^Bcc: .*${BOB}`, 'm'));
    expect(first!.raw).toMatch(new RegExp(`^X-Mss-Draft-Id: ${uuid}`, 'mi'));
    expect(s.drafts.entry(h.reader, draftId)!.copies.map((c) => c.uid)).toEqual([first!.uid]);

    // Edited: the new copy replaces the old one (composer closed: at once).
    await s.saveDraft(draft({ draftId, subject: 'Compte rendu modifié', text: 'Version 2 du compte rendu' }));
    expect(await s.syncDraft(draftId)).toEqual({ queued: true });
    await s.kick();
    const after = await byDraftId(uuid);
    expect(after).toHaveLength(1);
    expect(after[0]!.uid).not.toBe(first!.uid);
    expect(after[0]!.text).toContain('Version 2 du compte rendu');
    expect(after[0]!.text).not.toContain('Version 1 du compte rendu');
    expect(s.drafts.entry(h.reader, draftId)!.copies.map((c) => c.uid)).toEqual([after[0]!.uid]);

    // Sent: the server draft goes, the message itself leaves through the outbox.
    const view = await s.send({ ...draft({ subject: 'Compte rendu modifié', text: 'Version 2 du compte rendu' }), draftId });
    await s.kick();
    expect(h.writer.getOutboxByMessageId(view.messageId)!.state).toBe('sent');
    expect(await byDraftId(uuid)).toHaveLength(0);
    expect(h.reader.getDraft(draftId)).toBeNull();
    // The sent message never carries the draft id.
    expect(h.writer.getOutboxRaw(h.writer.getOutboxByMessageId(view.messageId)!.id)?.toString('utf8') ?? '').not.toMatch(/X-Mss-Draft-Id/i);
  }, 90_000);

  it('a stray copy left by a crash between APPEND and the bookkeeping is removed at the next save; discard removes all', async () => {
    const s = h.service({ draftSyncDelayMs: 60_000 });
    const { draftId } = await s.saveDraft(draft({ text: 'Avant la panne' }));
    const uuid = s.drafts.entry(h.reader, draftId)!.uuid;
    await s.syncDraft(draftId);
    await s.kick();
    const [kept] = await byDraftId(uuid);
    expect(kept).toBeTruthy();
    // The crash: a second APPEND of this draft reached the server, the app died before writing it down.
    const c = await plainImapClient(CABINET);
    try {
      await c.append('Drafts', Buffer.from(kept!.raw.replace('Subject: ', 'Subject: (copie) ')), ['\\Draft', '\\Seen']);
    } finally {
      await c.logout().catch(() => undefined);
    }
    expect(await byDraftId(uuid)).toHaveLength(2); // a duplicate, never a loss

    // Restart (new service on the same store), the person edits again: one copy, the newest.
    s.dispose();
    const restarted = h.service({ draftSyncDelayMs: 60_000 });
    await restarted.saveDraft(draft({ draftId, text: 'Après la panne' }));
    await restarted.syncDraft(draftId);
    await restarted.kick();
    const copies = await byDraftId(uuid);
    expect(copies).toHaveLength(1);
    expect(copies[0]!.text).toContain('Après la panne');

    // Discarded: no copy left on the server.
    expect(await restarted.deleteDraft(draftId)).toEqual({ deleted: true });
    await restarted.kick();
    expect(await byDraftId(uuid)).toHaveLength(0);
  }, 90_000);

  it('offline: the save is kept and goes to the server when back (even after a restart)', async () => {
    h.session.value = claireSession({ offline: true });
    try {
      const s = h.service({ draftSyncDelayMs: 0 });
      const { draftId } = await s.saveDraft(draft({ text: 'Écrit hors ligne' }));
      const uuid = s.drafts.entry(h.reader, draftId)!.uuid;
      await s.kick();
      await sleep(300);
      expect(await byDraftId(uuid)).toHaveLength(0);
      s.dispose();
      h.session.value = claireSession();
      const back = h.service({ draftSyncDelayMs: 0 });
      await back.kick();
      const copies = await byDraftId(uuid);
      expect(copies).toHaveLength(1);
      expect(copies[0]!.text).toContain('Écrit hors ligne');
      await back.deleteDraft(draftId);
      await back.kick();
      expect(await byDraftId(uuid)).toHaveLength(0);
    } finally {
      h.session.value = claireSession();
    }
  }, 60_000);

  it('the sync engine watching Drafts sees the replaced copy at once (APPEND + EXPUNGE in one IDLE batch)', async () => {
    const sync = await startSync(h, [CABINET], ['Drafts']);
    try {
      const account = await waitFor(() => h.reader.getAccountByAddress(CABINET), 30_000, 200, 'account');
      const drafts = await waitFor(() => h.reader.getFolderByPath(account.id, 'Drafts'), 30_000, 200, 'Drafts cached');
      sync.engine.setActiveFolder(CABINET, drafts.id);
      const cachedSubjects = () => h.reader.listMessages(drafts.id, { limit: 200 }).map((m) => m.subject);
      const s = h.service({ draftSyncDelayMs: 60_000 });
      const subject = unique('Suivi');
      const { draftId } = await s.saveDraft(draft({ subject }));
      await s.syncDraft(draftId);
      await s.kick();
      await waitFor(() => cachedSubjects().includes(subject), 30_000, 200, 'first copy cached');
      await sleep(1500); // the engine back in IDLE on Drafts
      await s.saveDraft(draft({ draftId, subject: `${subject} (modifié)` }));
      await s.syncDraft(draftId);
      await s.kick();
      // Well under the engine's 60 s poll: only IDLE can bring it.
      await waitFor(() => cachedSubjects().includes(`${subject} (modifié)`) && !cachedSubjects().includes(subject), 15_000, 200, 'replaced copy cached');
      await s.deleteDraft(draftId);
      await s.kick();
      await waitFor(() => !cachedSubjects().includes(`${subject} (modifié)`), 15_000, 200, 'discarded copy gone from the cache');
    } finally {
      await sync.stop();
    }
  }, 90_000);

  it('a draft written on another workstation, synced into the cached Drafts folder, is edited and replaced', async () => {
    const subject = unique('Brouillon du poste 2');
    const other = [
      `From: Cabinet <${CABINET}>`, `To: Dr Alice MARTIN <${ALICE}>`, `Cc: ${BOB}`, `Subject: ${subject}`,
      'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b1"', '', '--b1',
      'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', 'Commencé sur le poste de l’accueil.', '--b1',
      'Content-Type: text/plain; name="ordonnance.txt"', 'Content-Disposition: attachment; filename="ordonnance.txt"', 'Content-Transfer-Encoding: base64', '',
      Buffer.from('Paracétamol 1 g\n').toString('base64'), '--b1--', '',
    ].join('\r\n');
    const c = await plainImapClient(CABINET);
    try {
      await c.append('Drafts', Buffer.from(other, 'utf8'), ['\\Draft', '\\Seen']);
    } finally {
      await c.logout().catch(() => undefined);
    }
    const sync = await startSync(h, [CABINET], ['INBOX', 'Drafts']);
    try {
      const s = h.service({ draftSyncDelayMs: 60_000 });
      const cachedId = await waitFor(() => {
        const account = h.reader.getAccountByAddress(CABINET);
        const folder = account ? h.reader.getFolderByPath(account.id, 'Drafts') : null;
        return folder ? h.reader.listMessages(folder.id, { limit: 100 }).find((m) => m.subject === subject)?.id : null;
      }, 60_000, 500, 'draft cached in Drafts');

      // Not a draft: a message of INBOX cannot be "edited".
      const account = h.reader.getAccountByAddress(CABINET)!;
      const inbox = await waitFor(() => h.reader.getFolderByPath(account.id, 'INBOX'));
      const inboxMessage = await waitFor(() => h.reader.listMessages(inbox.id, { limit: 1 })[0], 60_000, 500, 'INBOX cached');
      await expect(s.draftFromMessage(inboxMessage.id)).rejects.toMatchObject({ code: 'send.not-a-draft' });

      const opened = await s.draftFromMessage(cachedId);
      expect(opened.draftId).toBeGreaterThan(0);
      expect(opened.subject).toBe(subject);
      expect(opened.to).toEqual([`Dr Alice MARTIN <${ALICE}>`]);
      expect(opened.cc).toEqual([BOB]);
      expect(opened.text).toContain('Commencé sur le poste de l’accueil.');
      expect(opened.attachments.map((a) => [a.filename, Buffer.from(a.contentBase64, 'base64').toString('utf8')])).toEqual([['ordonnance.txt', 'Paracétamol 1 g\n']]);
      // Opened twice: the same local draft.
      expect((await s.draftFromMessage(cachedId)).draftId).toBe(opened.draftId);

      // Edited and closed: the original (no draft id) is replaced by our copy.
      await s.saveDraft({ ...opened, text: 'Terminé sur le poste du secrétariat.' });
      await s.syncDraft(opened.draftId!);
      await s.kick();
      expect(await serverCopies(CABINET, { subject })).toHaveLength(1);
      const uuid = s.drafts.entry(h.reader, opened.draftId!)!.uuid;
      const [copy] = await byDraftId(uuid);
      expect(copy!.text).toContain('Terminé sur le poste du secrétariat.');
      expect(copy!.raw).toContain('ordonnance.txt');
      await s.deleteDraft(opened.draftId!);
      await s.kick();
      expect(await serverCopies(CABINET, { subject })).toHaveLength(0);
    } finally {
      await sync.stop();
    }
  }, 120_000);
});
