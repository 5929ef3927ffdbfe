// The mail read handlers over a real encrypted store (test/unit/store helpers), with a recording engine.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CallContext } from '../../../main/bridge/dispatcher';
import { UserError } from '../../../main/errors';
import { downloadsFolderFiles } from '../../../main/mail/attachment-files';
import { createMailHandlers } from '../../../main/app/mail-handlers';
import type { MailEngineCommands } from '../../../main/mail/engine-commands';
import { type TestStore, makeStore, msg, seedAccount, tempDir } from '../store/helpers';

const ctx: CallContext = { sender: { kind: 'host', connectionId: 't' } };
const ALICE = 'alice.martin@test.mssante.fr';
const SECRETARIAT = 'secretariat.cabinet@test.mssante.fr';
const BOB = 'bob.durand@test.mssante.fr';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const PDF = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

interface Calls { name: string; bal: string | null; ids?: number[]; extra?: unknown }

function recordingEngine(calls: Calls[], attachments = new Map<string, Buffer>(), special: MailEngineCommands['specialFolder'] = async () => 0): MailEngineCommands {
  return {
    copy: async (bal, ids, folderId) => (calls.push({ name: 'copy', bal, ids, extra: folderId }), ids.length),
    specialFolder: async (bal, role) => (calls.push({ name: `specialFolder:${role}`, bal }), special(bal, role)),
    setFlags: async (bal, ids, change) => (calls.push({ name: 'setFlags', bal, ids, extra: change }), ids.length),
    move: async (bal, ids, folderId) => (calls.push({ name: 'move', bal, ids, extra: folderId }), ids.length),
    delete: async (bal, ids) => (calls.push({ name: 'delete', bal, ids }), ids.length),
    fetchBody: async (bal, id) => {
      calls.push({ name: 'fetchBody', bal, ids: [id] });
      await new Promise((r) => setTimeout(r, 50));
    },
    fetchAttachment: async (bal, id, part) => (calls.push({ name: 'fetchAttachment', bal, ids: [id], extra: part }), attachments.get(part) ?? null),
    syncNow: async (bal) => (calls.push({ name: 'syncNow', bal }), true),
  };
}

async function rejects(fn: () => unknown, code: string) {
  await expect(Promise.resolve().then(fn)).rejects.toSatisfy((e) => e instanceof UserError && e.code === code);
}

describe('mail handlers', () => {
  let store: TestStore;
  let calls: Calls[];
  let allowed: string[];
  let locked: boolean;
  let downloads: string;
  let ids: { alice: ReturnType<typeof seedAccount>; bob: ReturnType<typeof seedAccount>; secretariat: ReturnType<typeof seedAccount> };
  let h: ReturnType<typeof createMailHandlers>;
  const engineAttachments = new Map<string, Buffer>();

  beforeEach(() => {
    store = makeStore();
    calls = [];
    allowed = [ALICE, SECRETARIAT];
    locked = false;
    downloads = tempDir('mail-downloads-');
    const w = store.writer;
    ids = { alice: seedAccount(w, ALICE), bob: seedAccount(w, BOB), secretariat: seedAccount(w, SECRETARIAT) };
    w.upsertMessages(ids.alice.inbox, 1000, Array.from({ length: 25 }, (_, i) =>
      msg(i + 1, {
        subject: i === 0 ? 'XDM/1.0/DDM+Compte rendu DUPONT Jean' : `Analyse ${i + 1}`,
        flags: i % 2 ? ['\\Seen'] : [],
        // messages 20..22 form one conversation
        ...(i >= 20 && i <= 22 ? { references: ['<root@x>'], messageId: `<t${i}@x>` } : {}),
      })));
    w.upsertMessages(ids.bob.inbox, 1000, [msg(1, { subject: 'Confidentiel pour Bob', to: [{ address: BOB }] })]);
    w.upsertMessages(ids.secretariat.inbox, 1000, [msg(1, { subject: 'Analyse du secrétariat' })]);
    h = createMailHandlers({
      reader: () => (locked ? null : store.reader),
      // Like the engine: the BAL's Trash / Archives, created when missing.
      engine: recordingEngine(calls, engineAttachments, async (bal, role) => {
        const account = store.writer.getAccountByAddress(bal)!;
        const path = role === 'trash' ? 'Trash' : 'Archives';
        return store.writer.upsertFolder(account.id, { path, delimiter: '/', specialUse: role === 'trash' ? '\\Trash' : '\\Archive', uidvalidity: 3000 }).id;
      }),
      allowedBals: () => allowed,
      files: downloadsFolderFiles(downloads),
      remoteImages: { allowInsecureForTests: true, timeoutMs: 1500 },
    });
  });
  afterEach(() => {
    store.close();
    fs.rmSync(downloads, { recursive: true, force: true });
  });

  const first = () => h['messages.list'](ctx, { folderId: ids.alice.inbox, limit: 10, sort: 'date-desc' });

  it('refuses everything while the cache is locked', async () => {
    locked = true;
    await rejects(() => h['folders.list'](ctx, ALICE), 'mail.cache-locked');
    await rejects(() => first(), 'mail.cache-locked');
  });

  it('lists folders of an allowed BAL only', async () => {
    const folders = await h['folders.list'](ctx, ALICE);
    expect(folders.map((f) => [f.path, f.specialUse])).toEqual([['INBOX', '\\Inbox'], ['Sent', '\\Sent']]);
    expect(folders[0]).toMatchObject({ unread: 13, total: 25, bal: ALICE });
    await rejects(() => h['folders.list'](ctx, BOB), 'mail.bal-not-allowed');
    expect(await h['folders.list'](ctx, 'Secretariat.Cabinet@test.mssante.fr')).toHaveLength(2);
  });

  it('pages a folder with the before cursor, newest first, with thread sizes and the XDM subject', async () => {
    const p1 = await first();
    expect(p1.items).toHaveLength(10);
    expect(p1.total).toBe(25);
    expect(p1.items[0]!.subject).toBe('Analyse 25');
    expect(p1.next).toBe(p1.items[9]!.id);
    const p2 = await h['messages.list'](ctx, { folderId: ids.alice.inbox, limit: 10, before: p1.next!, sort: 'date-desc' });
    const p3 = await h['messages.list'](ctx, { folderId: ids.alice.inbox, limit: 10, before: p2.next!, sort: 'date-desc' });
    expect(p3.items).toHaveLength(5);
    expect(p3.next).toBeNull();
    const all = [...p1.items, ...p2.items, ...p3.items];
    expect(new Set(all.map((i) => i.id)).size).toBe(25);
    expect(all.at(-1)).toMatchObject({ subject: 'Compte rendu DUPONT Jean', isXdm: true });
    expect(all.filter((i) => i.threadSize === 3)).toHaveLength(3);
    const unread = await h['messages.list'](ctx, { folderId: ids.alice.inbox, limit: 100, unreadOnly: true, sort: 'date-asc' });
    expect(unread.total).toBe(13);
    expect(unread.items.every((i) => !i.seen)).toBe(true);
    expect(unread.items[0]!.date).toBeLessThan(unread.items[1]!.date);
  });

  it('conversation view: one row per thread with its counts, expanded with the Sent reply, BAL rights kept', async () => {
    // A reply of Alice kept in Sent joins the conversation of messages 21..23.
    const [sentReply] = store.writer.upsertMessages(ids.alice.sent, 2000, [
      msg(1, { messageId: '<reply@x>', references: ['<root@x>'], from: { name: 'Dr Alice MARTIN', address: ALICE }, flags: ['\\Seen'], date: msg(21).date! + 30_000 }),
    ]).ids;
    const pages: string[][] = [];
    let before: number | undefined;
    do {
      const p = await h['messages.list'](ctx, { folderId: ids.alice.inbox, limit: 10, before, sort: 'date-desc', threads: true });
      pages.push(p.items.map((i) => i.subject));
      expect(p.total).toBe(25); // the toolbar still counts messages
      before = p.next ?? undefined;
    } while (before !== undefined);
    const rows = pages.flat();
    expect(rows).toHaveLength(23); // 25 messages, 3 of them in one thread
    const all = (await h['messages.list'](ctx, { folderId: ids.alice.inbox, limit: 100, sort: 'date-desc', threads: true })).items;
    const thread = all.find((i) => i.thread && i.thread.size > 1)!;
    expect(thread).toMatchObject({ subject: 'Analyse 23', threadSize: 4, thread: { size: 4, unread: 2, flagged: 0 } });
    expect(thread.thread!.participants.map((p) => p.address)).toEqual(['bob.durand@test.mssante.fr', ALICE]);
    expect(all.filter((i) => i !== thread).every((i) => i.thread?.size === 1)).toBe(true);
    const children = await h['messages.thread'](ctx, { id: thread.id, folderId: ids.alice.inbox });
    expect(children.map((c) => [c.subject, c.otherFolder, c.otherFolderUse])).toEqual([
      ['Analyse 21', null, null], ['Message 1', 'Sent', '\\Sent'], ['Analyse 22', null, null], ['Analyse 23', null, null],
    ]);
    expect(children[1]!.id).toBe(sentReply);
    const bobMsg = store.reader.listMessages(ids.bob.inbox)[0]!.id;
    await rejects(() => h['messages.thread'](ctx, { id: bobMsg, folderId: ids.alice.inbox }), 'mail.message-not-found');
    await rejects(() => h['messages.thread'](ctx, { id: thread.id, folderId: ids.bob.inbox }), 'mail.folder-not-found');
    await rejects(() => h['messages.list'](ctx, { folderId: ids.bob.inbox, limit: 10, sort: 'date-desc', threads: true }), 'mail.folder-not-found');
  });

  it("never serves another person's BAL, whatever the id", async () => {
    await rejects(() => h['messages.list'](ctx, { folderId: ids.bob.inbox, limit: 10, sort: 'date-desc' }), 'mail.folder-not-found');
    const bobMsg = store.reader.listMessages(ids.bob.inbox)[0]!.id;
    await rejects(() => h['messages.get'](ctx, bobMsg), 'mail.message-not-found');
    await rejects(() => h['messages.get'](ctx, 123456789), 'mail.message-not-found');
    const mine = (await first()).items[0]!.id;
    await rejects(() => h['messages.setFlags'](ctx, { ids: [mine, bobMsg], add: ['seen'] }), 'mail.message-not-found');
    await rejects(() => h['messages.loadRemoteContent'](ctx, bobMsg), 'mail.message-not-found');
    await rejects(() => h['search.query'](ctx, { q: 'Confidentiel', bal: BOB, limit: 10 }), 'mail.bal-not-allowed');
    expect(await h['search.query'](ctx, { q: 'Confidentiel', limit: 10 })).toEqual([]);
    expect(calls.filter((c) => c.name === 'setFlags')).toEqual([]);
    // Rights withdrawn: the secretariat's cache disappears from view at once.
    allowed = [ALICE];
    await rejects(() => h['folders.list'](ctx, SECRETARIAT), 'mail.bal-not-allowed');
  });

  it('searches the allowed BALs, with folder names and the BAL of each hit', async () => {
    const all = await h['search.query'](ctx, { q: 'analyse', limit: 50 });
    expect(all.map((x) => x.bal)).toContain(SECRETARIAT);
    expect(all.every((x) => x.bal !== BOB)).toBe(true);
    const alice = await h['search.query'](ctx, { q: 'analy', bal: ALICE, limit: 50 });
    expect(alice).toHaveLength(24);
    expect(alice[0]).toMatchObject({ bal: ALICE, folderName: 'INBOX' });
    expect(await h['search.query'](ctx, { q: '   ', limit: 5 })).toEqual([]);
  });

  it('opens a message: pending body asks the engine, then the stored body with MSS headers', async () => {
    const [target] = (await first()).items;
    const pending = await h['messages.get'](ctx, target!.id);
    expect(pending.bodyPending).toBe(true);
    await h['messages.get'](ctx, target!.id); // asked again while the first request runs: not re-sent
    expect(calls.filter((c) => c.name === 'fetchBody')).toEqual([{ name: 'fetchBody', bal: ALICE, ids: [target!.id] }]);
    store.writer.storeBody(target!.id, { text: 'Bonjour', html: '<p>Bonjour <img src="https://x.example/a.png"></p>' }, [
      { part: '2', sha256: sha(PDF), size: PDF.length, mime: 'application/pdf', filename: 'CR.pdf', disposition: 'attachment', data: PDF },
    ]);
    const v = await h['messages.get'](ctx, target!.id);
    expect(v).toMatchObject({ bodyPending: false, text: 'Bonjour', hasRemoteContent: true, hasAttachments: true });
    expect(v.attachments).toEqual([expect.objectContaining({ filename: 'CR.pdf', mime: 'application/pdf', fetched: true })]);
  });

  it('forwards flag, move, delete and sync commands per BAL, refusing cross-BAL moves', async () => {
    const items = (await first()).items;
    expect(await h['messages.setFlags'](ctx, { ids: [items[0]!.id, items[1]!.id], add: ['seen'] })).toEqual({ changed: 2 });
    expect(calls[0]).toEqual({ name: 'setFlags', bal: ALICE, ids: [items[0]!.id, items[1]!.id], extra: { add: ['seen'], remove: [] } });
    expect(await h['messages.move'](ctx, { ids: [items[0]!.id], folderId: ids.alice.sent })).toEqual({ moved: 1 });
    await rejects(() => h['messages.move'](ctx, { ids: [items[0]!.id], folderId: ids.secretariat.inbox }), 'mail.cross-bal-move');
    await rejects(() => h['messages.move'](ctx, { ids: [items[0]!.id], folderId: ids.bob.inbox }), 'mail.folder-not-found');
    expect(await h['sync.now'](ctx, {})).toEqual({ started: true });
    await rejects(() => h['sync.now'](ctx, { bal: BOB }), 'mail.bal-not-allowed');
    expect(calls.map((c) => c.name)).toEqual(['setFlags', 'move', 'syncNow']);
  });

  it('delete moves to the Trash (created if missing) with what an undo needs; permanent only from the Trash', async () => {
    const items = (await first()).items;
    const r = await h['messages.delete'](ctx, { ids: [items[2]!.id, items[3]!.id] });
    const trash = store.reader.listFolders(ids.alice.accountId).find((f) => f.specialUse === '\\Trash')!;
    expect(r).toEqual({ moved: 2, deleted: 0, folderId: trash.id, restore: [{ folderId: ids.alice.inbox, ids: [items[2]!.id, items[3]!.id] }] });
    expect(calls.map((c) => [c.name, c.extra])).toEqual([['specialFolder:trash', undefined], ['move', trash.id]]);
    // Nothing is expunged without the explicit permanent request, and that only for messages in the Trash.
    await rejects(() => h['messages.delete'](ctx, { ids: [items[4]!.id], permanent: true }), 'mail.permanent-outside-trash');
    expect(calls.some((c) => c.name === 'delete')).toBe(false);

    // The recording engine does not move: put the message in the Trash as the engine would.
    const inTrash = store.writer.upsertMessages(trash.id, 3000, [msg(7, { subject: 'Dans la corbeille' })]).ids[0]!;
    await rejects(() => h['messages.delete'](ctx, { ids: [inTrash] }), 'mail.confirm-permanent');
    expect(await h['messages.delete'](ctx, { ids: [inTrash], permanent: true })).toMatchObject({ deleted: 1, moved: 0 });
    expect(calls.filter((c) => c.name === 'delete')).toEqual([{ name: 'delete', bal: ALICE, ids: [inTrash] }]);
  });

  it('archive moves to the Archives folder; copy stays within the BAL', async () => {
    const items = (await first()).items;
    const r = await h['messages.archive'](ctx, { ids: [items[0]!.id] });
    const archives = store.reader.listFolders(ids.alice.accountId).find((f) => f.specialUse === '\\Archive')!;
    expect(r).toMatchObject({ moved: 1, folderId: archives.id, restore: [{ folderId: ids.alice.inbox, ids: [items[0]!.id] }] });
    expect(await h['messages.copy'](ctx, { ids: [items[1]!.id], folderId: ids.alice.sent })).toEqual({ copied: 1 });
    await rejects(() => h['messages.copy'](ctx, { ids: [items[1]!.id], folderId: ids.secretariat.inbox }), 'mail.cross-bal-move');
  });

  describe('attachments', () => {
    let id: number;
    let pdfId: number;
    let pngId: number;
    let fakeId: number;
    let exeId: number;
    let remoteId: number;
    beforeEach(async () => {
      id = (await first()).items[0]!.id;
      const EXE = Buffer.from('MZ fake');
      const FAKE = Buffer.from('<html>not a png</html>');
      store.writer.storeBody(id, { text: 'pj' }, [
        { part: '2', sha256: sha(PDF), size: PDF.length, mime: 'application/pdf', filename: 'CR.pdf', data: PDF },
        { part: '3', sha256: sha(PNG), size: PNG.length, mime: 'image/png', filename: '../../radio.png', data: PNG },
        { part: '4', sha256: sha(FAKE), size: FAKE.length, mime: 'image/png', filename: 'faux.png', data: FAKE },
        { part: '5', sha256: sha(EXE), size: EXE.length, mime: 'application/octet-stream', filename: 'facture.exe', data: EXE },
        { part: '6', sha256: 'f'.repeat(64), size: 10, mime: 'application/pdf', filename: 'distant.pdf' },
        { part: '7', sha256: sha(EXE), size: EXE.length, mime: 'application/octet-stream', filename: 'facture.exe.', data: EXE },
        { part: '8', sha256: sha(EXE), size: EXE.length, mime: 'application/pdf', filename: 'rapport\u202Efdp.exe', data: EXE },
      ]);
      const atts = store.reader.getMessage(id)!.attachments;
      const byPart = (p: string) => atts.find((a) => a.part === p)!.attachmentId;
      [pdfId, pngId, fakeId, exeId, remoteId] = ['2', '3', '4', '5', '6'].map(byPart) as [number, number, number, number, number];
    });

    it('previews images and PDF as data URLs, checking the content against the declared type', async () => {
      const pdf = await h['attachments.preview'](ctx, { messageId: id, attachmentId: pdfId });
      expect(pdf.mime).toBe('application/pdf');
      expect(Buffer.from(pdf.dataUrl.split(',')[1]!, 'base64').equals(PDF)).toBe(true);
      expect((await h['attachments.preview'](ctx, { messageId: id, attachmentId: pngId })).dataUrl).toMatch(/^data:image\/png;base64,/);
      await rejects(() => h['attachments.preview'](ctx, { messageId: id, attachmentId: fakeId }), 'mail.preview-mismatch');
      await rejects(() => h['attachments.preview'](ctx, { messageId: id, attachmentId: exeId }), 'mail.preview-unsupported');
      await rejects(() => h['attachments.preview'](ctx, { messageId: id, attachmentId: 999 }), 'mail.attachment-not-found');
    });

    it('asks the engine for content not cached yet, and says so when offline', async () => {
      await rejects(() => h['attachments.preview'](ctx, { messageId: id, attachmentId: remoteId }), 'mail.attachment-unavailable');
      expect(calls).toContainEqual({ name: 'fetchAttachment', bal: ALICE, ids: [id], extra: '6' });
      engineAttachments.set('6', PDF);
      expect((await h['attachments.preview'](ctx, { messageId: id, attachmentId: remoteId })).mime).toBe('application/pdf');
      engineAttachments.clear();
    });

    it('saves into the downloads folder with a safe, unique name; refuses to open executables', async () => {
      const a = await h['attachments.save'](ctx, { messageId: id, attachmentId: pngId });
      const b = await h['attachments.save'](ctx, { messageId: id, attachmentId: pngId });
      expect(a.savedTo).toBe(path.join(downloads, 'radio.png'));
      expect(b.savedTo).toBe(path.join(downloads, 'radio (2).png'));
      expect(fs.readFileSync(a.savedTo!).equals(PNG)).toBe(true);
      await rejects(() => h['attachments.open'](ctx, { messageId: id, attachmentId: exeId }), 'mail.attachment-dangerous');
      expect(await h['attachments.open'](ctx, { messageId: id, attachmentId: pdfId })).toEqual({ opened: false });
    });

    it('checks, shows and writes the same normalised name (trailing dot, right-to-left override)', async () => {
      const atts = store.reader.getMessage(id)!.attachments;
      for (const part of ['7', '8']) {
        const attachmentId = atts.find((a) => a.part === part)!.attachmentId;
        await rejects(() => h['attachments.open'](ctx, { messageId: id, attachmentId }), 'mail.attachment-dangerous');
        const shown = (await h['messages.get'](ctx, id)).attachments.find((a) => a.id === attachmentId)!;
        expect(shown.risky).toBe(true);
        const saved = await h['attachments.save'](ctx, { messageId: id, attachmentId });
        // Same name on disk as on screen (a " (2)" suffix only when that name is already taken).
        expect(path.basename(saved.savedTo!).replace(/ \(\d+\)(?=\.[^.]+$)/, '')).toBe(shown.filename);
        expect(shown.filename).toMatch(/\.exe$/);
        expect(shown.filename).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
      }
    });

    it('opens a risky type only once the person confirmed it', async () => {
      expect(await h['attachments.open'](ctx, { messageId: id, attachmentId: exeId, confirmRisky: true })).toEqual({ opened: false });
      const shown = (await h['messages.get'](ctx, id)).attachments.find((a) => a.id === pdfId)!;
      expect(shown.risky).toBe(false);
    });
  });

  describe('remote images', () => {
    let server: http.Server;
    let base: string;
    beforeAll(async () => {
      server = http.createServer((req, res) => {
        if (req.headers.cookie) res.setHeader('X-Saw-Cookie', '1');
        if (req.url === '/pixel.png') res.writeHead(200, { 'Content-Type': 'image/png' }).end(PNG);
        else if (req.url === '/page.html') res.writeHead(200, { 'Content-Type': 'text/html' }).end('<p>x</p>');
        else if (req.url === '/big.png') res.writeHead(200, { 'Content-Type': 'image/png' }).end(Buffer.alloc(3 * 1024 * 1024));
        else if (req.url === '/redirect.png') res.writeHead(302, { Location: '/pixel.png' }).end();
        else if (req.url === '/to-file.png') res.writeHead(302, { Location: 'file:///etc/passwd' }).end();
        else if (req.url === '/slow.png') setTimeout(() => res.writeHead(200, { 'Content-Type': 'image/png' }).end(PNG), 4000);
        else res.writeHead(404).end();
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => {
      server.closeAllConnections();
      server.close();
    });

    it('returns data URLs for allowed images only (type, size, redirects, timeout)', async () => {
      const id = (await first()).items[0]!.id;
      const names = ['pixel.png', 'page.html', 'big.png', 'redirect.png', 'to-file.png', 'slow.png'];
      store.writer.storeBody(id, { html: names.map((n) => `<img src="${base}/${n}">`).join('') });
      h = createMailHandlers({
        reader: () => store.reader, engine: recordingEngine(calls), allowedBals: () => allowed, files: downloadsFolderFiles(downloads),
        remoteImages: { allowInsecureForTests: true, timeoutMs: 1000, maxBytesPerImage: 1024 * 1024 },
      });
      const map = await h['messages.loadRemoteContent'](ctx, id);
      expect(Object.keys(map).sort()).toEqual([`${base}/pixel.png`, `${base}/redirect.png`]);
      expect(map[`${base}/pixel.png`]).toBe(`data:image/png;base64,${PNG.toString('base64')}`);
    });

    it('refuses http and loopback targets outside test mode', async () => {
      const id = (await first()).items[0]!.id;
      store.writer.storeBody(id, { html: `<img src="${base}/pixel.png"><img src="https://127.0.0.1:1/x.png">` });
      const strict = createMailHandlers({
        reader: () => store.reader, engine: recordingEngine(calls), allowedBals: () => allowed, files: downloadsFolderFiles(downloads),
      });
      expect(await strict['messages.loadRemoteContent'](ctx, id)).toEqual({});
    });
  });
});
