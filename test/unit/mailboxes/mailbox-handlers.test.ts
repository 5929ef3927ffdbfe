// The 'mailboxes.*' calls over a real encrypted store and accounts file: unified inbox (newest first across
// the person's BALs only, each row with its BAL), switching (engine follows the active BAL, trace), the
// active folder check, live unread counts.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { AccountsFile } from '../../../main/accounts/accounts-file';
import { AuditTrail } from '../../../main/audit/audit-trail';
import { type AttachmentFiles, downloadsFolderFiles } from '../../../main/mail/attachment-files';
import path from 'node:path';
import { createMailboxHandlers } from '../../../main/app/mailbox-handlers';
import { rightsRepository } from '../../../main/mailboxes/rights-repository';
import { EventBus } from '../../../main/bridge/events';
import { MailboxService } from '../../../main/mailboxes/mailbox-service';
import { makeStore, type TestStore } from '../store/helpers';
import { writesOn } from '../../../main/store/app-writes';

const CLAIRE = '810101234560';
const ALICE = '810001234567';
const D = 'test.mssante.fr';
const ctx = { sender: { kind: 'host' as const, connectionId: 't' } };
const config = (address: string) => ({
  address,
  imap: { host: 'localhost', port: 143, security: 'starttls' as const, username: address, auth: 'oauth2' as const },
  smtp: { host: 'localhost', port: 587, security: 'starttls' as const, username: address, auth: 'oauth2' as const },
  connectionCap: 10,
});

let store: TestStore;
let disposers: Array<() => void> = [];
afterEach(() => {
  disposers.forEach((d) => d());
  disposers = [];
  store?.close();
});

function setup(files: AttachmentFiles = { saveFile: async () => null, openFile: async () => false }) {
  store = makeStore();
  const accounts = new AccountsFile(store.dir);
  const bals = [
    { address: `cabinet.saint-roch@${D}`, type: 'CAB' as const, label: 'Cabinet médical Saint-Roch' },
    { address: `accueil.centre-sante@${D}`, type: 'ORG' as const, label: 'Accueil' },
    { address: `alice.martin@${D}`, type: 'PER' as const, label: 'Dr Alice MARTIN' },
    { address: `bob.durand@${D}`, type: 'PER' as const, label: 'Dr Bob DURAND' },
  ];
  const inbox: Record<string, number> = {};
  for (const b of bals) {
    accounts.upsert({ ...b, config: config(b.address), discoveredFrom: null });
    const accountId = store.writer.upsertAccount({ address: b.address, type: b.type, label: b.label, config: {} });
    inbox[b.address] = store.writer.upsertFolder(accountId, { path: 'INBOX', name: 'INBOX', uidvalidity: 1 }).id;
    store.writer.upsertFolder(accountId, { path: 'Sent', name: 'Sent', specialUse: '\\Sent', uidvalidity: 1 });
  }
  // Interleaved dates across BALs; one unread per BAL.
  let uid = 1;
  const put = (bal: string, day: number, seen = true) =>
    store.writer.upsertMessages(inbox[bal]!, 1, [
      { uid: uid++, messageId: `<${uid}@x>`, subject: `s${day}`, date: Date.UTC(2026, 10, day), flags: seen ? ['\\Seen'] : [], from: { name: null, address: 'x@y' } },
    ]);
  put(bals[0]!.address, 3);
  put(bals[1]!.address, 5, false);
  put(bals[2]!.address, 4);
  put(bals[0]!.address, 6, false);
  put(bals[3]!.address, 9, false); // Bob's: never shown to Claire
  put(bals[2]!.address, 1);

  const repo = rightsRepository(writesOn(store.writer), store.reader);
  repo.replace(CLAIRE, bals.slice(0, 3).map((b) => ({ bal: b.address, role: 'délégataire' as const })));
  repo.replace(ALICE, [{ bal: bals[2]!.address, role: 'titulaire' }]);
  const mailboxes = new MailboxService({
    accounts,
    rights: repo,
    unreadOf: (bal) => {
      const a = store.reader.getAccountByAddress(bal);
      return a ? (store.reader.unreadCounts([a.id])[0]?.unread ?? 0) : 0;
    },
    checkRight: async () => ({ ok: false, reason: 'unreachable', serverText: null }),
    listOperatorBals: async () => [],
    addListedAccount: () => {
      throw new Error('not used');
    },
    purgeCache: async () => undefined,
  });
  let person: string | null = CLAIRE;
  const engineCalls: string[] = [];
  const events = new EventBus();
  const emitted: string[] = [];
  disposers.push(events.subscribeAll((name) => emitted.push(name)));
  const trail = new AuditTrail({
    writer: () => writesOn(store.writer),
    reader: () => store.reader,
    actor: () => (person ? { idNat: person, name: person === CLAIRE ? 'Claire PETIT' : 'Alice MARTIN' } : null),
    allowedBals: () => mailboxes.list(person).map((b) => b.address),
    flushDelayMs: 0,
  });
  const api = createMailboxHandlers({
    events,
    mailboxes,
    accounts,
    idNat: () => person,
    reader: () => store.reader,
    engine: {
      setActiveFolder: async (bal, folderId) => void engineCalls.push(`active ${bal} ${folderId}`),
      syncNow: async (bal) => void engineCalls.push(`sync ${bal}`),
    },
    trail,
    files,
    emitMailboxes: () => events.emit('mailboxes.changed', mailboxes.list(person)),
    recheck: () => false,
    unreadRefreshMs: 20,
    followDelayMs: 0,
  });
  disposers.push(api.dispose);
  return { api, h: api.handlers, bals, inbox, engineCalls, emitted, events, as: (p: string | null) => (person = p) };
}

describe('mailbox handlers', () => {
  it('unified inbox: INBOX messages of the person\'s BALs only, newest first, each with its BAL, paged', async () => {
    const { h, bals } = setup();
    const page = await h['mailboxes.unified'](ctx, { limit: 3, sort: 'date-desc' });
    expect(page.total).toBe(5);
    expect(page.items.map((i) => `${new Date(i.date).getUTCDate()} ${i.balType} ${i.balLabel}`)).toEqual([
      '6 CAB Cabinet médical Saint-Roch',
      '5 ORG Accueil',
      '4 PER Dr Alice MARTIN',
    ]);
    expect(page.items[0]!.bal).toBe(bals[0]!.address);
    expect(page.next).toBe(page.items[2]!.id);
    const rest = await h['mailboxes.unified'](ctx, { limit: 3, before: page.next!, sort: 'date-desc' });
    expect(rest.items.map((i) => new Date(i.date).getUTCDate())).toEqual([3, 1]);
    expect(rest.next).toBeNull();
    expect(JSON.stringify([page, rest])).not.toContain('bob.durand');
  });

  it('unified inbox: unread only and oldest first, across the BALs, paged with the same cursor', async () => {
    const { h } = setup();
    const unread = await h['mailboxes.unified'](ctx, { limit: 10, unreadOnly: true, sort: 'date-desc' });
    expect(unread.items.map((i) => `${new Date(i.date).getUTCDate()} ${i.balType}`)).toEqual(['6 CAB', '5 ORG']);
    expect(unread.total).toBe(2);
    const oldest = await h['mailboxes.unified'](ctx, { limit: 2, sort: 'date-asc' });
    expect(oldest.items.map((i) => `${new Date(i.date).getUTCDate()} ${i.balType}`)).toEqual(['1 PER', '3 CAB']);
    const next = await h['mailboxes.unified'](ctx, { limit: 2, sort: 'date-asc', before: oldest.next! });
    expect(next.items.map((i) => new Date(i.date).getUTCDate())).toEqual([4, 5]);
  });

  it('switching: checks the right, traces the opening, the engine syncs the BAL and keeps its INBOX selected', async () => {
    const { h, bals, inbox, engineCalls, as } = setup();
    const target = bals[2]!.address;
    expect(await h['mailboxes.setActive'](ctx, target.toUpperCase())).toEqual({ active: target });
    await new Promise((r) => setTimeout(r, 10));
    expect(engineCalls).toEqual([`active ${target} ${inbox[target]}`, `sync ${target}`]);
    expect((await h['mailboxes.list'](ctx)).find((b) => b.active)?.address).toBe(target);
    expect(store.reader.listAudit().map((e) => `${e.idnat} ${e.action} ${e.bal}`)).toEqual([`${CLAIRE} bal.open ${target}`]);
    // Not one of hers: refused, nothing traced.
    expect(() => h['mailboxes.setActive'](ctx, bals[3]!.address)).toThrow(/pas ouverte pour vous/);
    // Another person on the same workstation sees only their own BAL.
    as(ALICE);
    expect((await h['mailboxes.list'](ctx)).map((b) => b.address)).toEqual([target]);
    expect(() => h['mailboxes.setActive'](ctx, bals[0]!.address)).toThrow();
  });

  it('active folder: only a folder of that BAL, of a BAL the person may open', async () => {
    const { h, bals, inbox, engineCalls } = setup();
    expect(await h['mailboxes.setActiveFolder'](ctx, { bal: bals[0]!.address, folderId: inbox[bals[0]!.address]! })).toEqual({ ok: true });
    expect(() => h['mailboxes.setActiveFolder'](ctx, { bal: bals[0]!.address, folderId: inbox[bals[1]!.address]! })).toThrow();
    expect(() => h['mailboxes.setActiveFolder'](ctx, { bal: bals[3]!.address, folderId: inbox[bals[3]!.address]! })).toThrow();
    await new Promise((r) => setTimeout(r, 10));
    expect(engineCalls).toEqual([`active ${bals[0]!.address} ${inbox[bals[0]!.address]}`]);
  });

  it('unread counts stay live: new mail and message changes re-emit the list (coalesced)', async () => {
    const { events, emitted, bals } = setup();
    events.emit('mail.new', { bal: bals[0]!.address, count: 1 });
    events.emit('messages.changed', { bal: bals[0]!.address, folderIds: [1] });
    events.emit('messages.changed', { bal: bals[1]!.address, folderIds: [2] });
    await new Promise((r) => setTimeout(r, 60));
    expect(emitted.filter((n) => n === 'mailboxes.changed')).toHaveLength(1);
  });

  it('exports the trail as CSV through the files dependency (browser host: Téléchargements)', async () => {
    // The store's temp dir stands for the profile (created by setup, read when the file is saved).
    const { h, bals } = setup({ saveFile: (f) => downloadsFolderFiles(path.join(store.dir, 'Téléchargements')).saveFile(f), openFile: async () => false });
    await h['mailboxes.setActive'](ctx, bals[1]!.address);
    const r = await h['audit.exportCsv'](ctx, { bal: bals[1]!.address });
    expect(r.count).toBe(1);
    expect(r.savedTo).toMatch(/Téléchargements\/journal-activite-\d{4}-\d{2}-\d{2}-\d{4}\.csv$/);
    const csv = fs.readFileSync(r.savedTo!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('\uFEFFid;horodatage;idnat;bal;action;cible;resultat;detail');
    expect(csv).toContain(`;${CLAIRE};${bals[1]!.address};bal.open;`);
    // The export itself is traced (written by the single writer once the trail's flush ran).
    await new Promise((r) => setImmediate(r));
    expect(store.reader.listAudit().at(-1)).toMatchObject({ action: 'audit.export', idnat: CLAIRE });
    // Cancelled save dialog: nothing written, nothing traced.
    store.close();
    const cancelled = setup();
    expect(await cancelled.h['audit.exportCsv'](ctx, {})).toEqual({ savedTo: null, count: 0 });
    expect(store.reader.listAudit()).toEqual([]);
  });
});
