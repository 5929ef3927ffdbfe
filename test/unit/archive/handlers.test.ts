// The 'Archive & export' handlers offline (no engine, no server): access checks, French errors, exports of
// stored sources only (the others counted as missing), policy round trip and its audit entry.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createArchiveHandlers } from '../../../main/app/archive-handlers';
import { downloadsFolderFiles } from '../../../main/mail/attachment-files';
import type { CallContext } from '../../../main/bridge/dispatcher';
import { parseMboxrd } from '../../../main/archive/mbox';
import { ArchiveQueries } from '../../../main/sync/archive-queries';
import { makeStore, msg, seedAccount, tempDir, type TestStore } from '../store/helpers';
import { writesOn } from '../../../main/store/app-writes';

const ALICE = 'alice.martin@test.mssante.fr';
const ctx: CallContext = { sender: { kind: 'host', connectionId: 't' } };
let store: TestStore | null = null;
const dirs: string[] = [];
afterEach(() => {
  store?.close();
  store = null;
  dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

function setup(allowed = [ALICE], role: 'titulaire' | 'délégataire' = 'titulaire') {
  store = makeStore();
  const { accountId, inbox } = seedAccount(store.writer);
  const { ids } = store.writer.upsertMessages(inbox, 1000, [msg(1), msg(2), msg(3)]);
  const raw = Buffer.from('From: bob.durand@test.mssante.fr\r\nSubject: x\r\n\r\nFrom the lab\r\n');
  const aq = new ArchiveQueries(store.writer);
  store.writer.storeBody(ids[0]!, { text: 'x' });
  store.writer.transaction(() => aq.storeRaw(ids[0]!, raw));
  aq.commitArchived(ids[0]!, { actor: { idNat: '1', name: 'A' }, bal: ALICE, auto: false, folder: 'INBOX', messageId: '<m1@test.mssante.fr>' });
  aq.markGoneFromServer(ids[0]!);
  const downloads = tempDir('archive-dl-');
  dirs.push(downloads);
  const h = createArchiveHandlers({
    reader: () => store!.reader, writes: () => writesOn(store!.writer), engine: async () => null, allowedBals: () => allowed,
    actor: () => ({ idNat: '810001234567', name: 'Alice MARTIN' }), roleOf: () => role, files: downloadsFolderFiles(downloads),
  });
  return { h, ids, raw, accountId, inbox };
}

describe('archive handlers (offline)', () => {
  it('keep offline by a delegate without a retention rule: refused in French, nothing changed', async () => {
    const { h, ids } = setup([ALICE], 'délégataire');
    await expect(h['messages.keepOffline'](ctx, { ids: [ids[1]!] })).rejects.toMatchObject({
      code: 'archive.keep-offline-not-allowed', message: expect.stringMatching(/ne le verront plus/),
    });
    expect(store!.reader.getMessage(ids[1]!)!.archived).toBe(false);
  });

  it('keep offline without the engine: a French error, nothing changed', async () => {
    const { h, ids } = setup();
    await expect(h['messages.keepOffline'](ctx, { ids: [ids[1]!] })).rejects.toMatchObject({ code: 'archive.unavailable', message: expect.stringMatching(/restent sur le serveur/) });
    expect(store!.reader.getMessage(ids[1]!)!.archived).toBe(false);
  });

  it('exports what is stored; a source neither stored nor reachable is refused (eml) or counted missing (mbox)', async () => {
    const { h, ids, raw, inbox } = setup();
    const eml = await h['messages.exportEml'](ctx, { id: ids[0]! });
    expect(eml.savedTo!.endsWith('.eml')).toBe(true);
    expect(fs.readFileSync(eml.savedTo!).equals(raw)).toBe(true);
    await expect(h['messages.exportEml'](ctx, { id: ids[1]! })).rejects.toMatchObject({ code: 'archive.source-unavailable' });
    const mbox = await h['folders.exportMbox'](ctx, { folderId: inbox });
    expect(mbox).toMatchObject({ count: 1, missing: 2 });
    expect(parseMboxrd(fs.readFileSync(mbox.savedTo!))).toEqual([raw]);
    const audit = store!.reader.listAudit().filter((e) => e.action === 'export');
    expect(audit.map((e) => e.target)).toEqual(['<m1@test.mssante.fr>', 'INBOX']);
  });

  it('archive list and policy, with access checks', async () => {
    const { h, ids } = setup();
    const page = await h['archive.list'](ctx, { bal: ALICE, limit: 10 });
    expect(page.items.map((i) => i.id)).toEqual([ids[0]]);
    expect(await h['archive.getPolicy'](ctx, { bal: ALICE })).toBeNull();
    expect(await h['archive.setPolicy'](ctx, { bal: ALICE, days: 45, serverAction: 'trash' })).toMatchObject({ bal: ALICE, days: 45, serverAction: 'trash' });
    expect(await h['archive.setPolicy'](ctx, { bal: ALICE, days: null, serverAction: 'expunge' })).toBeNull();
    expect(store!.reader.listAudit().filter((e) => e.action === 'archive.policy')).toHaveLength(2);
    store!.close();
    store = null;
    const other = setup(['bob.durand@test.mssante.fr']).h;
    expect(() => other['archive.list'](ctx, { bal: ALICE, limit: 10 })).toThrow(expect.objectContaining({ code: 'mail.bal-not-allowed' }));
    await expect(Promise.resolve().then(() => other['archive.setPolicy'](ctx, { bal: ALICE, days: 3, serverAction: 'expunge' }))).rejects.toMatchObject({ code: 'mail.bal-not-allowed' });
    await expect(other['messages.exportEml'](ctx, { id: ids[0]! })).rejects.toMatchObject({ code: 'mail.message-not-found' });
  });
});
