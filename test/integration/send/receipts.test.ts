// Delivery (DSN) and read (MDN) reports end to end: Postfix writes the DSNs, the sync engine caches them,
// the receipt scanner links them to the outbox item per recipient; MDNs are asked, sent once, received
// and linked as "read".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComposeDraft } from '../../../shared/types';
import { GHOST_ADDRESS } from '../../../sandbox/config';
import { ALICE, CABINET, countOnServer, harness, rawOnServer, startSync, waitFor, type Harness } from './helpers';

const unique = (p: string) => `${p} ${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`;
const draft = (o: Partial<ComposeDraft>): ComposeDraft => ({
  bal: CABINET, to: [ALICE], cc: [], bcc: [], subject: unique('Accusés'), html: '', text: 'Bonjour,\nmerci de confirmer.',
  attachments: [], requestDsn: false, requestReadReceipt: false, patientNoReply: false, ...o,
});

let h: Harness;
let sync: Awaited<ReturnType<typeof startSync>>;
beforeAll(async () => {
  h = harness();
  sync = await startSync(h, [CABINET, ALICE]);
});
afterAll(async () => {
  await sync.stop();
  await h.close();
});

describe('receipts', () => {
  it('DSN success (alice) and failure (unknown mailbox) are received, parsed, linked per recipient and marked read', async () => {
    // The engine's queued flag change, as the app wires it: the report is read in the cache and on the server.
    const markedRead: number[] = [];
    const s = h.service({}, {
      markRead: async (id) => {
        markedRead.push(id);
        sync.engine.applyChange({ kind: 'flags', messageIds: [id], add: ['seen'] });
      },
    });
    const view = await s.send(draft({ to: [ALICE, GHOST_ADDRESS], requestDsn: true }));
    await s.kick();
    expect(h.writer.getOutboxByMessageId(view.messageId)!.state).toBe('sent');
    const outboxId = h.writer.getOutboxByMessageId(view.messageId)!.id;
    const done = await waitFor(async () => {
      const r = await s.receiptsFor(outboxId);
      const by = Object.fromEntries((r?.recipients ?? []).map((x) => [x.address, x]));
      return by[ALICE]?.status === 'delivered' && by[GHOST_ADDRESS]?.status === 'failed' ? r : null;
    }, 90_000, 1500);
    const ghost = done.recipients.find((r) => r.address === GHOST_ADDRESS)!;
    expect(ghost.detail).toMatch(/Non distribué \(5\.\d\.\d\)/);
    expect(done.recipients.find((r) => r.address === ALICE)!.detail).toMatch(/^Distribué/);
    // The copy in Sent, once synced, answers with the same receipts (receipts.forMessage by cache id).
    expect(h.events.some((e) => e.name === 'outbox.changed' && (e.payload as { messageId: string }).messageId === view.messageId && JSON.stringify(e.payload).includes('"failed"'))).toBe(true);
    // The reports no longer count as unread mail, here and for the other clients of the BAL; still there to open.
    expect(markedRead.length).toBeGreaterThanOrEqual(1);
    for (const id of markedRead) {
      const report = h.reader.getMessage(id)!;
      expect(report.seen).toBe(true);
      const onServer = await waitFor(async () => {
        const r = await rawOnServer(CABINET, 'INBOX', report.messageId!);
        return r && r.flags.has('\\Seen') ? r : null;
      }, 60_000, 1000, 'report \\Seen on the server');
      expect(onServer.raw.length).toBeGreaterThan(0);
    }
  }, 200_000);

  it('MDN: asked by the sender, confirmed by the person, sent once, received and linked as read', async () => {
    const s = h.service();
    const view = await s.send(draft({ requestReadReceipt: true }));
    await s.kick();
    const received = await waitFor(() => rawOnServer(ALICE, 'INBOX', view.messageId));
    expect(received.raw.toString('utf8')).toMatch(new RegExp(`^Disposition-Notification-To: .*${CABINET}`, 'mi'));
    // The message reaches alice's cached INBOX (sync engine), with its read-receipt request.
    const cachedId = await waitFor(() => {
      const account = h.reader.getAccountByAddress(ALICE);
      const inbox = account ? h.reader.getFolderByPath(account.id, 'INBOX') : null;
      return inbox ? h.reader.listMessages(inbox.id, { limit: 50 }).find((m) => m.messageId === view.messageId)?.id : null;
    }, 120_000, 1000, 'message cached in the recipient INBOX');

    const pending = await s.mdnPending(cachedId);
    expect(pending).toEqual({ messageId: cachedId, to: CABINET, needsConfirmation: true });
    expect(h.events.some((e) => e.name === 'mdn.requested')).toBe(true);
    expect(await s.respondMdn(cachedId, true)).toEqual({ sent: true });
    expect(await s.respondMdn(cachedId, true)).toEqual({ sent: false });
    expect(await s.mdnPending(cachedId)).toBeNull();
    await s.kick();

    const outboxId = h.writer.getOutboxByMessageId(view.messageId)!.id;
    const read = await waitFor(async () => {
      const r = await s.receiptsFor(outboxId);
      return r?.recipients.find((x) => x.address === ALICE)?.status === 'read' ? r : null;
    }, 90_000, 1500, 'MDN linked as read');
    expect(read.recipients[0]!.detail).toMatch(/^Lu/);
    // Exactly one MDN reached the cabinet, marked as sent manually.
    const mdnItem = h.writer.listOutbox().find((o) => o.envelope.to[0] === CABINET && o.messageId !== view.messageId && o.state === 'sent' && o.createdAt >= read.createdAt);
    expect(mdnItem).toBeTruthy();
    expect(await countOnServer(CABINET, 'INBOX', mdnItem!.messageId)).toBe(1);
    const mdnRaw = (await rawOnServer(CABINET, 'INBOX', mdnItem!.messageId))!.raw.toString('utf8');
    expect(mdnRaw).toContain('Disposition: manual-action/MDN-sent-manually; displayed');
    expect(mdnRaw).toContain(`Original-Message-ID: ${view.messageId}`);
  }, 200_000);

  it('automatic MDN when allowed and the address matches Return-Path', async () => {
    await h.settings.update({ autoMdn: true });
    try {
      const s = h.service();
      const view = await s.send(draft({ requestReadReceipt: true }));
      await s.kick();
      const cachedId = await waitFor(() => {
        const account = h.reader.getAccountByAddress(ALICE);
        const inbox = account ? h.reader.getFolderByPath(account.id, 'INBOX') : null;
        return inbox ? h.reader.listMessages(inbox.id, { limit: 50 }).find((m) => m.messageId === view.messageId)?.id : null;
      }, 120_000, 1000, 'message cached in the recipient INBOX');
      expect(await s.mdnPending(cachedId)).toEqual({ messageId: cachedId, to: CABINET, needsConfirmation: false });
      await s.kick();
      const mdn = h.writer.listOutbox().filter((o) => o.envelope.to[0] === CABINET && o.state === 'sent').at(-1)!;
      const raw = (await waitFor(() => rawOnServer(CABINET, 'INBOX', mdn.messageId))).raw.toString('utf8');
      expect(raw).toContain('Disposition: automatic-action/MDN-sent-automatically; displayed');
    } finally {
      await h.settings.update({ autoMdn: false });
    }
  }, 200_000);

  it('reply and forward-as-attachment of a cached message: threading headers, original attached whole', async () => {
    const s = h.service();
    const original = await s.send(draft({ subject: unique('À transférer') }));
    await s.kick();
    const cachedId = await waitFor(() => {
      const account = h.reader.getAccountByAddress(ALICE);
      const inbox = account ? h.reader.getFolderByPath(account.id, 'INBOX') : null;
      return inbox ? h.reader.listMessages(inbox.id, { limit: 50 }).find((m) => m.messageId === original.messageId)?.id : null;
    }, 120_000, 1000, 'message cached in the recipient INBOX');

    const prepared = s.prepare(cachedId, 'forward-attachment');
    expect(prepared).toMatchObject({ bal: ALICE, forwardOfMessageId: cachedId, forwardAsAttachment: true });
    const fwd = await s.send({ ...prepared, to: [CABINET] });
    const reply = await s.send({ ...draft({ bal: ALICE, to: [CABINET] }), inReplyToMessageId: cachedId, subject: `RE : ${original.subject}` });
    await s.kick();
    const fwdRaw = await waitFor(() => rawOnServer(CABINET, 'INBOX', fwd.messageId));
    const { simpleParser } = await import('mailparser');
    const parsed = await simpleParser(fwdRaw.raw);
    const attached = parsed.attachments.find((a) => a.contentType === 'message/rfc822');
    expect(attached?.content.toString('utf8')).toContain(`Message-ID: ${original.messageId}`);
    const replyRaw = await waitFor(() => rawOnServer(CABINET, 'INBOX', reply.messageId));
    const r = await simpleParser(replyRaw.raw);
    expect(r.inReplyTo).toBe(original.messageId);
    expect(r.references).toContain(original.messageId);
  }, 200_000);
});
