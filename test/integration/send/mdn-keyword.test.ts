// $MDNSent (RFC 3503) on the sandbox Dovecot: answering a read-receipt request (sent or declined) sets the
// keyword on the original message on the server through the sync engine's queued flag changes; a message
// another client already marked $MDNSent is never prompted for again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainImapClient } from '../../../sandbox/control';
import { ALICE, CABINET, harness, startSync, waitFor, type Harness } from './helpers';
import type { SendService } from '../../../main/send/send-service';

let h: Harness;
let sync: Awaited<ReturnType<typeof startSync>>;
let s: SendService;

beforeAll(async () => {
  h = harness();
  sync = await startSync(h, [ALICE]);
  s = h.service({}, {
    addKeyword: async (id, keyword) => {
      sync.engine.applyChange({ kind: 'flags', messageIds: [id], keywords: { add: [keyword] } });
    },
  });
});
afterAll(async () => {
  await sync.stop();
  await h.close();
});

/** A message asking the cabinet for a read receipt, delivered into alice's INBOX (APPEND: no Return-Path, so the app asks). */
async function deliverAskingReceipt(): Promise<string> {
  const messageId = `<mdn-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}@test.mssante.fr>`;
  const raw = [
    `From: Cabinet <${CABINET}>`, `To: <${ALICE}>`, `Subject: Merci de confirmer la lecture ${messageId}`, `Message-ID: ${messageId}`,
    `Date: ${new Date().toUTCString()}`, `Disposition-Notification-To: ${CABINET}`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', 'Bonjour.', '',
  ].join('\r\n');
  const c = await plainImapClient(ALICE);
  try {
    await c.append('INBOX', Buffer.from(raw), []);
  } finally {
    await c.logout().catch(() => undefined);
  }
  return messageId;
}

async function serverFlags(messageId: string): Promise<Set<string>> {
  const c = await plainImapClient(ALICE);
  try {
    const lock = await c.getMailboxLock('INBOX', { readOnly: true });
    try {
      const uids = await c.search({ header: { 'message-id': messageId } }, { uid: true });
      if (!uids || uids.length !== 1) throw new Error('message not found once');
      const m = await c.fetchOne(String(uids[0]), { flags: true }, { uid: true });
      if (!m) throw new Error('FETCH failed');
      return m.flags ?? new Set();
    } finally {
      lock.release();
    }
  } finally {
    await c.logout().catch(() => undefined);
  }
}

async function setOnServer(messageId: string, keyword: string): Promise<void> {
  const c = await plainImapClient(ALICE);
  try {
    const lock = await c.getMailboxLock('INBOX');
    try {
      const uids = await c.search({ header: { 'message-id': messageId } }, { uid: true });
      if (!uids || uids.length !== 1) throw new Error('message not found once');
      await c.messageFlagsAdd(String(uids[0]), [keyword], { uid: true });
    } finally {
      lock.release();
    }
  } finally {
    await c.logout().catch(() => undefined);
  }
}

const cached = (messageId: string) =>
  waitFor(() => {
    const account = h.reader.getAccountByAddress(ALICE);
    const inbox = account ? h.reader.getFolderByPath(account.id, 'INBOX') : null;
    return inbox ? h.reader.listMessages(inbox.id, { limit: 100 }).find((m) => m.messageId === messageId) : null;
  }, 120_000, 500, 'message cached');

describe('$MDNSent', () => {
  it('sending the read receipt sets $MDNSent on the original on the server', async () => {
    const messageId = await deliverAskingReceipt();
    const m = await cached(messageId);
    expect(await s.mdnPending(m.id)).toEqual({ messageId: m.id, to: CABINET, needsConfirmation: true });
    expect((await serverFlags(messageId)).has('$MDNSent')).toBe(false);
    expect(await s.respondMdn(m.id, true)).toEqual({ sent: true });
    // In the cache at once, on the server once the engine replays the change.
    expect(h.reader.getMessage(m.id)!.keywords).toContain('$MDNSent');
    await waitFor(async () => (await serverFlags(messageId)).has('$MDNSent'), 30_000, 500, '$MDNSent on the server');
  }, 180_000);

  it('declining ("ne pas envoyer") sets $MDNSent too', async () => {
    const messageId = await deliverAskingReceipt();
    const m = await cached(messageId);
    expect(await s.respondMdn(m.id, false)).toEqual({ sent: false });
    await waitFor(async () => (await serverFlags(messageId)).has('$MDNSent'), 30_000, 500, '$MDNSent on the server');
    expect(await s.mdnPending(m.id)).toBeNull();
  }, 180_000);

  it('$MDNSent set by another client suppresses the prompt', async () => {
    const messageId = await deliverAskingReceipt();
    const m = await cached(messageId);
    h.events.length = 0;
    expect(await s.mdnPending(m.id)).not.toBeNull(); // asked while nobody answered
    expect(h.events.filter((e) => e.name === 'mdn.requested')).toHaveLength(1);
    await setOnServer(messageId, '$MDNSent');
    await waitFor(() => h.reader.getMessage(m.id)?.keywords.includes('$MDNSent'), 60_000, 500, 'keyword synced into the cache');
    h.events.length = 0;
    expect(await s.mdnPending(m.id)).toBeNull();
    expect(h.events.filter((e) => e.name === 'mdn.requested')).toHaveLength(0);
    const before = h.writer.listOutbox().length;
    expect(await s.respondMdn(m.id, true)).toEqual({ sent: false });
    expect(h.writer.listOutbox().length).toBe(before);
  }, 180_000);
});
