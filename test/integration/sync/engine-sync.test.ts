// Sync engine against the sandbox Dovecot: initial sync, IDLE, flags both ways, expunge, QRESYNC resync,
// UIDVALIDITY reset. Each test works in its own folder of the test BAL and deletes it afterwards.
import { afterEach, describe, expect, it } from 'vitest';
import type { ImapFlow } from 'imapflow';
import { SyncEngine } from '../../../main/sync/engine';
import { injectMessage } from '../../../sandbox/control';
import type { EngineEvent } from '../../../main/sync/types';
import {
  account, runCleanups, collect, deleteFolder, passwordCredentials, rawMessage, resetUidValidity, seedFolder, serverClient, serverUids,
  tempStore, TEST_BAL, uniqueFolder, waitFor, type TestStore,
} from './helpers';

const BAL = TEST_BAL.address;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(() => runCleanups(cleanups));

async function setup(tag: string, count: number, make?: (i: number, folder: string) => Buffer) {
  const folder = uniqueFolder(tag);
  const server = await serverClient();
  cleanups.push(async () => {
    await server.logout().catch(() => {});
    await deleteFolder(folder);
  });
  await seedFolder(server, folder, count, make ? (i) => make(i, folder) : undefined);
  const store = tempStore();
  cleanups.push(() => store.close());
  return { folder, server, store };
}

function startEngine(store: TestStore, folder: string, opts: ConstructorParameters<typeof SyncEngine>[2] = {}) {
  const events: EngineEvent[] = [];
  const engine = new SyncEngine(store.writer, passwordCredentials(), { pollIntervalMs: 60_000, ...opts });
  engine.on(collect(events));
  cleanups.push(() => engine.stop());
  const accountId = engine.start(account(folder));
  return { engine, events, accountId };
}

async function syncedFolder(store: TestStore, accountId: number, folder: string, count: number) {
  return waitFor(() => {
    const f = store.writer.getFolderByPath(accountId, folder);
    return f && f.highestmodseq !== null && store.writer.listMessages(f.id, { limit: 1000 }).length === count ? f : null;
  }, 20_000, `folder synced with ${count} messages`);
}

describe('sync engine (sandbox Dovecot)', () => {
  it('initial sync: every message of the folder, newest first, bodies and attachments stored once', async () => {
    const pdf = Buffer.from('%PDF-1.4 compte rendu de test\n'.repeat(50));
    const { folder, server, store } = await setup('initial', 120, (i, f) => rawMessage(i, f, { attachment: i % 40 === 0 ? pdf : undefined }));
    const { events, accountId } = startEngine(store, folder, { headerBatchSize: 50 });
    const f = await syncedFolder(store, accountId, folder, 120);
    const uids = await serverUids(server, folder);
    expect(uids.length).toBe(120);
    const list = store.writer.listMessages(f.id, { limit: 1000 });
    expect(new Set(list.map((m) => m.uid))).toEqual(new Set(uids));
    expect(new Set(list.map((m) => m.messageId)).size).toBe(120);
    // newest first: the first header batch holds the highest UIDs
    const firstBatch = events.find((e) => e.type === 'messagesChanged' && e.folderId === f.id);
    expect(firstBatch && firstBatch.type === 'messagesChanged' ? firstBatch.ids.length : 0).toBe(50);
    const progress = events.filter((e) => e.type === 'progress' && e.phase === 'headers' && e.folder === folder);
    expect(progress.at(-1)).toMatchObject({ done: 120, total: 120 });
    // bodies in the background
    await waitFor(() => store.writer.listMessages(f.id, { limit: 1000 }).every((m) => m.bodyState === 'full'), 20_000, 'bodies');
    expect(events.filter((e) => e.type === 'progress' && e.phase === 'bodies' && e.folder === folder).at(-1)).toMatchObject({ done: 120, total: 120 });
    expect(events.some((e) => e.type === 'progress' && e.phase === 'idle' && e.folder === folder)).toBe(true);
    const withAtt = list.filter((m) => m.hasAttachments || store.writer.getMessage(m.id)!.attachments.length > 0);
    const details = store.writer.listMessages(f.id, { limit: 1000 }).map((m) => store.writer.getMessage(m.id)!).filter((d) => d.attachments.length > 0);
    expect(details.length).toBe(3);
    expect(withAtt.length).toBeGreaterThanOrEqual(3);
    const shas = new Set(details.map((d) => d.attachments[0]!.sha256));
    expect(shas.size).toBe(1); // same PDF three times, stored once
    expect(details[0]!.attachments[0]).toMatchObject({ filename: 'cr.pdf', mime: 'application/pdf', fetched: true });
    expect(store.writer.getAttachmentData(details[0]!.id, details[0]!.attachments[0]!.part)!.equals(pdf)).toBe(true);
    expect(store.writer.getBody(list[0]!.id)!.text).toContain('numéro');
  });

  it('new mail arrives through IDLE within seconds, without a new SELECT', async () => {
    const { folder, server, store } = await setup('idle', 5);
    const { engine, events, accountId } = startEngine(store, folder);
    const f = await syncedFolder(store, accountId, folder, 5);
    engine.setActiveFolder(BAL, f.id);
    const active = engine.sessionsOf(BAL).active;
    await waitFor(() => active.client?.idling, 10_000, 'IDLE');
    const selectsBefore = active.counter.byVerb.SELECT ?? 0;
    await server.append(folder, rawMessage(100, folder, { date: new Date() }));
    // The poll period is 60 s: arriving within this wait (well under it) and without a SELECT is IDLE's doing.
    await waitFor(() => store.writer.listMessages(f.id).length === 6, 30_000, 'new message in the store');
    expect(active.counter.byVerb.SELECT ?? 0).toBe(selectsBefore);
    expect(events.some((e) => e.type === 'messagesChanged' && e.folderId === f.id)).toBe(true);
  });

  it('mail delivered by the operator (SMTP → LMTP) into INBOX: newMail event while IDLE', async () => {
    const store = tempStore();
    cleanups.push(() => store.close());
    const events: EngineEvent[] = [];
    const engine = new SyncEngine(store.writer, passwordCredentials(), { pollIntervalMs: 60_000, backgroundBodies: false });
    engine.on(collect(events));
    cleanups.push(() => engine.stop());
    const accountId = engine.start({ ...account('INBOX'), onlyFolders: ['INBOX'] });
    const inbox = await waitFor(() => {
      const f = store.writer.getFolderByPath(accountId, 'INBOX');
      return f && f.highestmodseq !== null ? f : null;
    }, 20_000, 'INBOX synced');
    await waitFor(() => engine.sessionsOf(BAL).active.client?.idling, 10_000, 'IDLE on INBOX');
    const messageId = `<sync-newmail-${Date.now()}@test.mssante.fr>`;
    cleanups.push(async () => {
      const c = await serverClient();
      await c.mailboxOpen('INBOX');
      const uids = await c.search({ header: { 'message-id': messageId } }, { uid: true });
      if (Array.isArray(uids) && uids.length > 0) await c.messageDelete(uids.join(','), { uid: true });
      await c.logout();
    });
    const raw = `From: labo@test.mssante.fr\r\nTo: ${BAL}\r\nSubject: Resultats\r\nMessage-ID: ${messageId}\r\nDate: ${new Date().toUTCString()}\r\n\r\nResultats disponibles.\r\n`;
    await injectMessage(BAL, raw, 'labo@test.mssante.fr');
    await waitFor(() => store.writer.listMessages(inbox.id, { limit: 20 }).some((m) => m.messageId === messageId), 15_000, 'delivered message in the store');
    expect(events.some((e) => e.type === 'newMail' && e.folderId === inbox.id && e.count >= 1)).toBe(true);
  });

  it('flags change both ways', async () => {
    const { folder, server, store } = await setup('flags', 6);
    const { engine, accountId } = startEngine(store, folder);
    const f = await syncedFolder(store, accountId, folder, 6);
    engine.setActiveFolder(BAL, f.id);
    await waitFor(() => engine.sessionsOf(BAL).active.client?.idling, 10_000, 'IDLE');
    // server → cache
    await server.mailboxOpen(folder);
    const uids = await serverUids(server, folder);
    await server.messageFlagsAdd(String(uids[0]), ['\\Flagged', '\\Seen'], { uid: true });
    await waitFor(() => {
      const m = store.writer.getMessageByUid(f.id, f.uidvalidity!, uids[0]!);
      return m && m.seen && (m.flags & 4) !== 0;
    }, 5_000, 'server flags in the cache');
    // cache → server
    const target = store.writer.getMessageByUid(f.id, f.uidvalidity!, uids[1]!)!;
    engine.applyChange({ kind: 'flags', messageIds: [target.id], add: ['seen', 'answered'] });
    expect(store.writer.getMessage(target.id)!.seen).toBe(true); // optimistic
    await waitFor(() => store.writer.countPendingChanges() === 0, 10_000, 'replay');
    const fetched = await server.fetchOne(String(uids[1]), { uid: true, flags: true }, { uid: true });
    expect(fetched && [...fetched.flags!]).toEqual(expect.arrayContaining(['\\Seen', '\\Answered']));
    // local unflag
    engine.applyChange({ kind: 'flags', messageIds: [target.id], remove: ['seen'] });
    await waitFor(() => store.writer.countPendingChanges() === 0, 10_000, 'replay');
    const again = await server.fetchOne(String(uids[1]), { uid: true, flags: true }, { uid: true });
    expect([...again ? again.flags! : []]).not.toContain('\\Seen');
    expect(store.writer.getMessage(target.id)!.seen).toBe(false);
  });

  it('delete and expunge, both ways (VANISHED during IDLE)', async () => {
    const { folder, server, store } = await setup('expunge', 8);
    const { engine, accountId } = startEngine(store, folder);
    const f = await syncedFolder(store, accountId, folder, 8);
    engine.setActiveFolder(BAL, f.id);
    await waitFor(() => engine.sessionsOf(BAL).active.client?.idling, 10_000, 'IDLE');
    const uids = await serverUids(server, folder);
    await server.messageDelete(`${uids[0]}:${uids[1]}`, { uid: true });
    await waitFor(() => store.writer.listMessages(f.id).length === 6, 5_000, 'expunged on server → gone locally');
    expect(store.writer.getMessageByUid(f.id, f.uidvalidity!, uids[0]!)).toBeNull();
    // local delete
    const victim = store.writer.getMessageByUid(f.id, f.uidvalidity!, uids[5]!)!;
    engine.applyChange({ kind: 'delete', messageIds: [victim.id] });
    expect(store.writer.getMessage(victim.id)).toBeNull();
    await waitFor(() => store.writer.countPendingChanges() === 0, 10_000, 'replay');
    expect(await serverUids(server, folder)).not.toContain(uids[5]);
    expect((await serverUids(server, folder)).length).toBe(5);
  });

  it('QRESYNC resync: VANISHED and changed flags in the SELECT; nothing changed = SELECT only', async () => {
    const { folder, server, store } = await setup('qresync', 30);
    let { engine, accountId } = startEngine(store, folder, { backgroundBodies: false });
    let f = await syncedFolder(store, accountId, folder, 30);
    await engine.stop();
    // While the engine is away: expunge 3, flag 2.
    const uids = await serverUids(server, folder);
    await server.messageDelete(`${uids[0]}:${uids[2]}`, { uid: true });
    await server.messageFlagsAdd(`${uids[10]},${uids[11]}`, ['\\Flagged'], { uid: true });
    await server.mailboxClose();
    ({ engine, accountId } = startEngine(store, folder, { backgroundBodies: false }));
    await waitFor(() => store.writer.listMessages(f.id, { limit: 100 }).length === 27, 10_000, 'vanished applied');
    await waitFor(() => store.writer.listMessages(f.id, { limit: 100 }).filter((m) => (m.flags & 4) !== 0).length === 2, 10_000, 'flags applied');
    const s = engine.stats();
    expect(s.commands['UID SEARCH'] ?? 0).toBe(0); // no full UID list
    expect(s.commands['UID FETCH'] ?? 0).toBe(0); // everything came inside SELECT (QRESYNC)
    await engine.stop();
    // Nothing changed: one SELECT per folder, no FETCH, no SEARCH.
    f = store.writer.getFolder(f.id)!;
    ({ engine } = startEngine(store, folder, { backgroundBodies: false }));
    await waitFor(() => {
      const st = engine.stats().commands;
      return (st.SELECT ?? 0) >= 1 && (st.IDLE ?? 0) >= 1;
    }, 10_000, 'resync done');
    const st = engine.stats().commands;
    expect(st['UID FETCH'] ?? 0).toBe(0);
    expect(st['UID SEARCH'] ?? 0).toBe(0);
    expect(st.SELECT).toBe(1);
    expect(store.writer.getFolder(f.id)!.highestmodseq).toBe(f.highestmodseq);
  });

  it('resync of several unchanged folders: one LIST-STATUS and the active folder\'s SELECT, nothing else', async () => {
    const { folder, server, store } = await setup('multi', 4);
    const others = [uniqueFolder('multi-b'), uniqueFolder('multi-c')];
    for (const o of others) {
      await server.mailboxCreate(o);
      await server.append(o, rawMessage(1, o));
      cleanups.push(() => deleteFolder(o));
    }
    const only = [folder, ...others];
    const start = () => {
      const engine = new SyncEngine(store.writer, passwordCredentials(), { pollIntervalMs: 60_000, backgroundBodies: false });
      cleanups.push(() => engine.stop());
      return { engine, accountId: engine.start({ ...account(folder), onlyFolders: only }) };
    };
    let { engine, accountId } = start();
    await waitFor(() => only.every((p) => store.writer.getFolderByPath(accountId, p)?.highestmodseq), 15_000, 'all synced');
    await engine.stop();
    ({ engine, accountId } = start());
    const bg = engine.sessionsOf(BAL).background;
    await waitFor(() => engine.sessionsOf(BAL).active.client?.idling && (bg.counter.byVerb.LIST ?? 0) >= 1 && !bg.mutex.busy, 10_000, 'resync settled');
    await new Promise((r) => setTimeout(r, 300));
    const st = engine.stats().commands;
    expect(st.LIST).toBe(1);
    expect(st.SELECT).toBe(1);
    expect(st.STATUS ?? 0).toBe(0);
    expect(st['UID FETCH'] ?? 0).toBe(0);
    expect(st['UID SEARCH'] ?? 0).toBe(0);
  });

  it('UIDVALIDITY change: stale rows never shown, local state kept by Message-ID, an interrupted archive finishes on the right message', async () => {
    const { folder, server, store } = await setup('uidvalidity', 12);
    let { engine, accountId } = startEngine(store, folder);
    const f = await syncedFolder(store, accountId, folder, 12);
    await waitFor(() => store.writer.listMessages(f.id, { limit: 100 }).every((m) => m.bodyState === 'full'), 10_000, 'bodies');
    const before = store.writer.listMessages(f.id, { limit: 100 });
    // A local archive interrupted after its commit (pipeline step 3: verified copy, archived = 1, server copy
    // not yet removed), then the server renumbers the folder: the deletion must resume on the message's new
    // UID, found by Message-ID, never on its old one (which may now name another message).
    const archived = before[3]!;
    store.writer.setArchived([archived.id], true);
    await engine.stop();
    await server.logout();
    const newUv = await resetUidValidity(BAL, folder);
    expect(newUv).not.toBe(f.uidvalidity);
    const reader = store.reader();
    ({ engine, accountId } = startEngine(store, folder));
    await waitFor(() => {
      const now = store.writer.getFolder(f.id)!;
      return now.uidvalidity === newUv && now.highestmodseq !== null && reader.getMessage(archived.id)?.onServer === false;
    }, 15_000, 'resynced, interrupted archive finished');
    const after = reader.listMessages(f.id, { limit: 100 });
    expect(after.length).toBe(11);
    expect(after.every((m) => m.uidvalidity === newUv)).toBe(true);
    // Same rows (ids), bodies kept: reconciled, not re-downloaded.
    expect(new Set(after.map((m) => m.id))).toEqual(new Set(before.filter((m) => m.id !== archived.id).map((m) => m.id)));
    expect(after.every((m) => m.bodyState === 'full')).toBe(true);
    const kept = reader.getMessage(archived.id)!;
    expect(kept).toMatchObject({ archived: true, onServer: false, uidvalidity: newUv, messageId: archived.messageId });
    expect(reader.listMessages(f.id, { limit: 100, archivedOnly: true }).map((m) => m.id)).toEqual([archived.id]);
    // The server lost exactly the archived message.
    const check = await serverClient();
    cleanups.push(() => check.logout().catch(() => {}));
    await check.mailboxOpen(folder);
    const onServer: string[] = [];
    for await (const m of check.fetch('1:*', { envelope: true })) onServer.push(m.envelope?.messageId ?? '');
    expect(new Set(onServer)).toEqual(new Set(before.filter((m) => m.id !== archived.id).map((m) => m.messageId)));
  });

  it('large messages: text now, attachment content on demand, stored by its real hash', async () => {
    const big = Buffer.alloc(300_000, 7);
    const { folder, store } = await setup('large', 2, (i, f) => rawMessage(i, f, { attachment: i === 1 ? big : undefined }));
    const { engine, accountId } = startEngine(store, folder, { fullBodyMaxBytes: 100_000 });
    const f = await syncedFolder(store, accountId, folder, 2);
    await waitFor(() => store.writer.listMessages(f.id).every((m) => m.bodyState === 'full'), 10_000, 'bodies');
    const m = store.writer.listMessages(f.id).map((x) => store.writer.getMessage(x.id)!).find((d) => d.attachments.length > 0)!;
    expect(store.writer.getBody(m.id)!.text).toContain('Compte rendu 1.');
    expect(m.attachments[0]).toMatchObject({ part: '2', filename: 'cr.pdf', fetched: false });
    expect(store.writer.getAttachmentData(m.id, '2')).toBeNull();
    expect(await engine.fetchAttachment(m.id, '2')).toBe(big.length);
    expect(store.writer.getAttachmentData(m.id, '2')!.equals(big)).toBe(true);
    const after = store.writer.getMessage(m.id)!.attachments[0]!;
    expect(after.fetched).toBe(true);
    expect(after.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('malformed messages neither stop nor loop the sync', async () => {
    const hostile = [
      'just a line without any header\r\n',
      'Subject: =?x-unknown?B?////?=\r\nFrom: <<<@@@>>>\r\nDate: not a date\r\nContent-Type: multipart/mixed; boundary="zz"\r\n\r\n--zz\r\nContent-Type: text/plain; charset=x-nope\r\nContent-Transfer-Encoding: base64\r\n\r\n@@@not base64@@@\r\n',
      `Subject: ${'A'.repeat(20_000)}\r\nMessage-ID: <${'b'.repeat(3000)}@x>\r\nReferences: ${'<r@x> '.repeat(2000)}\r\n\r\nlong headers\r\n`,
      `Content-Type: multipart/mixed; boundary="a"\r\n\r\n${'--a\r\nContent-Type: multipart/mixed; boundary="a"\r\n\r\n'.repeat(200)}deep\r\n`,
      'Subject: \xff\xfe\x00binary\r\nContent-Type: text/html\r\n\r\n<html><script>x</script><body>\x00\x01</body>\r\n',
    ];
    const { folder, store } = await setup('hostile', 6, (i, f) => (i < hostile.length ? Buffer.from(hostile[i]!, 'latin1') : rawMessage(i, f)));
    const { events, accountId } = startEngine(store, folder);
    // Every message gets a row, including those whose ENVELOPE/BODYSTRUCTURE imapflow cannot parse.
    const f = await syncedFolder(store, accountId, folder, 6);
    await waitFor(() => store.writer.listMessages(f.id).some((m) => m.bodyState === 'full' && m.messageId?.startsWith('<m5.')), 15_000, 'the normal message body');
    await new Promise((r) => setTimeout(r, 500));
    expect(events.flatMap((e) => (e.type === 'error' ? [e.code] : []))).toEqual([]);
    expect(events.filter((e) => e.type === 'connectivity' && !e.online)).toEqual([]);
  });

  it('the folder on screen deleted elsewhere: dropped from the cache, the engine carries on without errors', async () => {
    const { folder, server, store } = await setup('gone', 2);
    const other = uniqueFolder('gone-other');
    await server.mailboxCreate(other);
    cleanups.push(() => deleteFolder(other));
    const events: EngineEvent[] = [];
    const engine = new SyncEngine(store.writer, passwordCredentials(), { pollIntervalMs: 60_000 });
    engine.on(collect(events));
    cleanups.push(() => engine.stop());
    const accountId = engine.start({ ...account(folder), onlyFolders: [folder, other] });
    const f = await syncedFolder(store, accountId, folder, 2);
    engine.setActiveFolder(BAL, f.id);
    await waitFor(() => (() => {
      const c = engine.sessionsOf(BAL).active.client;
      return !!c && c.idling && !!c.mailbox && c.mailbox.path === folder;
    })(), 10_000, 'IDLE on the folder');
    await server.mailboxDelete(folder);
    engine.syncNow(BAL);
    await waitFor(() => !store.writer.getFolderByPath(accountId, folder), 10_000, 'folder dropped');
    await waitFor(() => engine.sessionsOf(BAL).active.client?.idling, 10_000, 'IDLE again');
    await new Promise((r) => setTimeout(r, 500));
    expect(events.flatMap((e) => (e.type === 'error' ? [e.code] : []))).toEqual([]);
    // Dovecot may end the session whose selected mailbox was deleted ("Mailbox was deleted under us"):
    // then the engine reconnects at once.
    expect(engine.connectivity(BAL).online).toBe(true);
  });

  it('folder renamed on the server keeps its cached messages; a deleted folder goes away', async () => {
    const { folder, server, store } = await setup('rename', 3);
    const renamed = `${folder}-renomme`;
    const doomed = uniqueFolder('doomed');
    await server.mailboxCreate(doomed);
    cleanups.push(() => deleteFolder(renamed));
    cleanups.push(() => deleteFolder(doomed));
    const events: EngineEvent[] = [];
    const engine = new SyncEngine(store.writer, passwordCredentials(), { pollIntervalMs: 60_000 });
    engine.on(collect(events));
    cleanups.push(() => engine.stop());
    const accountId = engine.start({ ...account(folder), onlyFolders: [folder, renamed, doomed] });
    const f = await syncedFolder(store, accountId, folder, 3);
    await waitFor(() => store.writer.getFolderByPath(accountId, doomed), 10_000, 'second folder');
    const ids = store.writer.listMessages(f.id).map((m) => m.id).sort();
    await server.mailboxRename(folder, renamed);
    await server.mailboxDelete(doomed);
    engine.syncNow(BAL);
    await waitFor(() => store.writer.getFolderByPath(accountId, renamed) && !store.writer.getFolderByPath(accountId, doomed), 10_000, 'folder list updated');
    const r = store.writer.getFolderByPath(accountId, renamed)!;
    expect(r.id).toBe(f.id);
    expect(store.writer.listMessages(r.id).map((m) => m.id).sort()).toEqual(ids);
    expect(store.writer.getFolderByPath(accountId, folder)).toBeNull();
    expect(events.some((e) => e.type === 'folderChanged' && e.folderIds.includes(f.id))).toBe(true);
  });
});

export type { ImapFlow };
