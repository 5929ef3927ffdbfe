// Local archive against the sandbox Dovecot (lab BAL, a dedicated folder per test): archive three messages
// through the engine, the verified copy stays readable, searchable and exportable after the server copy is
// gone; exports through the handlers write the server's original bytes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createArchiveHandlers } from '../../../main/app/archive-handlers';
import { downloadsFolderFiles } from '../../../main/mail/attachment-files';
import { ArchiveReader } from '../../../main/archive/archive-reader';
import { parseMboxrd } from '../../../main/archive/mbox';
import { SyncEngine } from '../../../main/sync/engine';
import { readStoredAttachment } from '../../../main/sync/stored-attachment';
import type { CallContext } from '../../../main/bridge/dispatcher';
import { runCleanups, tempStore, waitFor } from '../sync/helpers';
import { ACTOR, LAB, archiveFolder, deleteLabFolder, labAccount, labClient, labCredentials, labMessage, serverMessageIds, serverSources } from './helpers';
import { writesOn } from '../../../main/store/app-writes';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(() => runCleanups(cleanups));
const ctx = { sender: { kind: 'host', connectionId: 't' } } as CallContext;

describe('local archive (sandbox Dovecot)', () => {
  it('archives three messages: verified local copy with body and attachments, gone from the server, still found and exportable', async () => {
    const folder = archiveFolder('three');
    const server = await labClient();
    cleanups.push(async () => {
      await server.logout().catch(() => {});
      await deleteLabFolder(folder);
    });
    await server.mailboxCreate(folder);
    // Message 2 is "large" for the engine (text parts only, attachments on demand): archiving must complete it.
    for (let i = 0; i < 4; i++) await server.append(folder, labMessage(i, folder, { pdfBytes: i === 2 ? 20_000 : 3000 }));
    const originals = await serverSources(server, folder);

    const store = tempStore();
    cleanups.push(() => store.close());
    const engine = new SyncEngine(store.writer, labCredentials, { connectionBudget: 2, backgroundBodies: false, fullBodyMaxBytes: 16_000 });
    cleanups.push(() => engine.stop());
    const accountId = engine.start(labAccount(folder));
    const reader = store.reader();
    const f = await waitFor(() => {
      const x = store.writer.getFolderByPath(accountId, folder);
      return x && x.highestmodseq && reader.listMessages(x.id).length === 4 ? x : null;
    }, 20_000, 'folder synced');
    const byMid = new Map(reader.listMessages(f.id).map((m) => [m.messageId!, m.id]));
    const mids = [0, 1, 2].map((i) => `<a${i}.${folder}@test.mssante.fr>`);
    const ids = mids.map((m) => byMid.get(m)!);
    // The large one has only its text so far.
    await engine.fetchBody(ids[2]!);
    expect(reader.getMessage(ids[2]!)!.attachments.every((a) => !a.fetched)).toBe(true);

    const r = await engine.archive(ids, { actor: ACTOR });
    expect(r.failed).toEqual([]);
    expect(r.archived.sort()).toEqual([...ids].sort());
    expect(r.removedFromServer.sort()).toEqual([...ids].sort());

    // Gone from the server; the fourth message untouched.
    expect(await serverMessageIds(server, folder)).toEqual([`<a3.${folder}@test.mssante.fr>`]);
    const archive = new ArchiveReader(reader);
    for (const [i, id] of ids.entries()) {
      const m = reader.getMessage(id)!;
      expect(m.archived).toBe(true);
      expect(m.onServer).toBe(false);
      expect(reader.getBody(id)!.text).toContain(`Compte rendu ${i} quarzitique`);
      expect(m.attachments).toHaveLength(1);
      expect(m.attachments[0]!.fetched).toBe(true);
      const pdf = (await readStoredAttachment(reader, id, m.attachments[0]!.part))!;
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(archive.raw(id)!.equals(originals.get(mids[i]!)!)).toBe(true);
    }
    expect(archive.listLocal(accountId, { limit: 10 }).map((m) => m.id).sort()).toEqual([...ids].sort());
    expect(reader.search('quarzitique', { accountId }).map((m) => m.id).sort()).toEqual([...ids].sort()); // the 4th has no body yet
    const audit = reader.listAudit().filter((e) => e.action === 'archive');
    expect(audit.map((e) => e.target).sort()).toEqual([...mids].sort());
    expect(JSON.stringify(audit)).not.toMatch(/quarzitique|Résultat/);

    // The next syncs (server EXPUNGE seen, full resync) keep the archive.
    engine.syncNow();
    await new Promise((res) => setTimeout(res, 1500));
    expect(ids.every((id) => reader.getMessage(id)?.archived)).toBe(true);
    expect(reader.listMessages(f.id).length).toBeGreaterThanOrEqual(1);

    // Exports through the handlers, into a Téléchargements folder.
    const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'mss-archive-dl-'));
    cleanups.push(() => fs.rmSync(downloads, { recursive: true, force: true }));
    const handlers = createArchiveHandlers({
      reader: () => reader, writes: () => writesOn(store.writer), engine: async () => engine, allowedBals: () => [LAB.address],
      actor: () => ACTOR, roleOf: () => 'titulaire', files: downloadsFolderFiles(downloads),
    });
    const eml = await handlers['messages.exportEml'](ctx, { id: ids[0]! });
    expect(fs.readFileSync(eml.savedTo!).equals(originals.get(mids[0]!)!)).toBe(true);
    // Not archived, source not stored yet: fetched through the engine, same bytes as the server's.
    const fourth = byMid.get(`<a3.${folder}@test.mssante.fr>`)!;
    const eml4 = await handlers['messages.exportEml'](ctx, { id: fourth });
    expect(fs.readFileSync(eml4.savedTo!).equals(originals.get(`<a3.${folder}@test.mssante.fr>`)!)).toBe(true);

    const mbox = await handlers['folders.exportMbox'](ctx, { bal: LAB.address, archived: true });
    expect(mbox).toMatchObject({ count: 3, missing: 0 });
    const file = fs.readFileSync(mbox.savedTo!);
    expect(file.toString('latin1')).toContain('\n>From the lab, a line an mbox must quote.');
    expect(file.toString('latin1')).toContain('\n>>From an already quoted line.');
    const back = parseMboxrd(file);
    expect(back).toHaveLength(3);
    expect(back.map((b) => b.toString('base64')).sort()).toEqual(mids.map((m) => originals.get(m)!.toString('base64')).sort());
    const folderMbox = await handlers['folders.exportMbox'](ctx, { folderId: f.id });
    expect(folderMbox.count).toBe(4);

    const list = await handlers['archive.list'](ctx, { bal: LAB.address, limit: 2 });
    expect(list.total).toBe(3);
    expect(list.items).toHaveLength(2);
    expect(list.next).not.toBeNull();
    // Access checks: another BAL is refused.
    const other = createArchiveHandlers({
      reader: () => reader, writes: () => writesOn(store.writer), engine: async () => engine, allowedBals: () => ['bob.durand@test.mssante.fr'],
      actor: () => ACTOR, roleOf: () => 'titulaire', files: downloadsFolderFiles(downloads),
    });
    await expect(other['messages.exportEml'](ctx, { id: ids[0]! })).rejects.toMatchObject({ code: 'mail.message-not-found' });
    await expect(Promise.resolve().then(() => other['archive.list'](ctx, { bal: LAB.address, limit: 10 }))).rejects.toMatchObject({ code: 'mail.bal-not-allowed' });
    expect(reader.listAudit().filter((e) => e.action === 'export')).toHaveLength(4);
  });
});
