// One writer to the cache: the main process opens the encrypted cache through openCache, whose only write
// path is CacheWrites (async calls to the engine worker, which holds the single write connection). Its
// read handle can neither write by type (checked by tsc below) nor at run time (readonly + query_only), and
// a write asked while the writer waits on a lock never blocks main's event loop.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openConnection, type Db } from '../../../main/store/db';
import { DB_FILE } from '../../../main/store/open-store';
import { openCache, type OpenCache } from '../../../main/store/open-cache';
import { UnprotectedFileSecretStore } from '../../../main/secrets';
import { EngineWorkerHost } from '../../../main/sync/engine-host';
import { cacheWritesOver, type AppWriteOp } from '../../../main/store/app-writes';
import { tempDir } from './helpers';

/** Never called: tsc checks that main's handle offers no way to write (each line must be an error). */
export function mainCannotWriteByType(cache: OpenCache): void {
  // @ts-expect-error the read handle has no write method
  cache.reader.appendAudit({ idnat: 'x', bal: 'session', action: 'login', result: 'ok' });
  // @ts-expect-error nor the sync engine's ones
  cache.reader.deleteAccount(1);
  // @ts-expect-error nor a transaction
  cache.reader.transaction(() => 1);
  // @ts-expect-error the cache main opens has no writer connection
  void cache.appWriter;
  // @ts-expect-error writes are named operations only: no raw SQL, no transaction callback
  void cache.writes.transaction;
  // @ts-expect-error a write's arguments are typed like the operation's
  void cache.writes.appendAudit('not an entry');
}

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function openWithWorker(): Promise<{ cache: OpenCache; host: () => EngineWorkerHost; dir: string }> {
  const dir = tempDir('one-writer-');
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  let host: EngineWorkerHost | null = null;
  const result = await openCache(dir, new UnprotectedFileSecretStore({ file: path.join(dir, 'secrets.json'), userAcceptedRisk: true }), true, async (file, keyHex) => {
    const h = new EngineWorkerHost({ dbFile: file, keyHex }, async () => {
      throw new Error('no IMAP in this test');
    });
    cleanups.push(() => h.terminate());
    await h.ready; // the worker created the file and ran the migrations
    host = h;
    return cacheWritesOver((op: AppWriteOp, args) => (h.write as (o: AppWriteOp, ...a: unknown[]) => Promise<unknown>)(op, ...args));
  });
  if ('code' in result) throw new Error(`cache not opened: ${result.code}`);
  cleanups.push(() => result.close());
  return { cache: result, host: () => host!, dir };
}

describe('one writer', () => {
  it("main's connection refuses every write; its writes go to the worker and are read back", async () => {
    const { cache, host } = await openWithWorker();
    const db = (cache.reader as unknown as { db: Db }).db;
    expect(db.readonly).toBe(true);
    expect(db.pragma('query_only', { simple: true })).toBe(1);
    expect(() => db.prepare(`INSERT INTO settings(key, value_json) VALUES ('x', '1')`).run()).toThrow(/readonly|read-only/i);
    expect(() => db.exec('PRAGMA query_only = OFF; DELETE FROM rights')).toThrow(/readonly|read-only/i);

    // Through the single writer: the row is committed when the call resolves, and main reads it.
    await cache.writes.setRights('810101234560', [{ bal: 'cabinet.saint-roch@test.mssante.fr', role: 'délégataire' }]);
    expect(cache.reader.getRights('810101234560').map((r) => r.bal)).toEqual(['cabinet.saint-roch@test.mssante.fr']);
    const accountId = await cache.writes.ensureAccount({ address: 'cabinet.saint-roch@test.mssante.fr', type: 'CAB', label: 'Cabinet' });
    // Buffers cross the thread boundary both ways (structured clone gives Uint8Array; revived as Buffer).
    const draft = await cache.writes.saveDraft({ accountId, subject: 'Compte rendu', bodyText: 'x' }, { requestDsn: false, requestReadReceipt: false, patientNoReply: false },
      [{ filename: 'cr.pdf', mime: 'application/pdf', content: Buffer.from('%PDF-1.7') }], { kind: 'saved', bal: 'cabinet.saint-roch@test.mssante.fr', dueAt: 0 });
    expect(cache.reader.getDraft(draft.id)?.subject).toBe('Compte rendu');
    const queued = await cache.writes.enqueueOutbox({ accountId, messageId: '<m1@test.mssante.fr>', raw: Buffer.from('Subject: x\r\n\r\ny'), envelope: { from: 'cabinet.saint-roch@test.mssante.fr', to: ['a@test.mssante.fr'] } },
      { kind: 'message', messageId: '<m1@test.mssante.fr>', envelopeId: 'm1', bal: 'cabinet.saint-roch@test.mssante.fr', subject: 'x', to: ['a@test.mssante.fr'], cc: [], bcc: [], sentBy: null, requestDsn: false, requestReadReceipt: false, recipients: {} },
      draft.id, Date.now());
    const claimed = await cache.writes.claimOutbox(queued.item.id, { kind: 'message', messageId: '<m1@test.mssante.fr>', envelopeId: 'm1', bal: 'cabinet.saint-roch@test.mssante.fr', subject: 'x', to: ['a@test.mssante.fr'], cc: [], bcc: [], sentBy: null, requestDsn: false, requestReadReceipt: false, recipients: {} });
    expect(Buffer.isBuffer(claimed?.raw)).toBe(true);
    expect(claimed!.raw.toString()).toBe('Subject: x\r\n\r\ny');
    expect(cache.reader.getDraft(draft.id)).toBeNull(); // queued from the draft: the draft went in the same transaction
    // The table of operations is the only door: an unknown one is refused by the worker.
    expect((cache.writes as unknown as Record<string, unknown>).transaction).toBeUndefined();
    await expect((host().write as (op: string) => Promise<unknown>)('exec')).rejects.toMatchObject({ code: 'BAD_WRITE' });
  });

  it("a write waiting on the cache's lock never blocks main: the call is a promise and the event loop keeps turning", async () => {
    const { cache, host, dir } = await openWithWorker();
    // Another connection holds the write lock (as a long sync or indexing transaction does).
    const holder = openConnection(path.join(dir, DB_FILE), { keyHex: cache.keyHex });
    cleanups.push(() => holder.open && holder.close());
    holder.prepare('BEGIN IMMEDIATE').run();
    holder.prepare(`INSERT INTO settings(key, value_json) VALUES ('lock', '1')`).run();

    let settled = false;
    const write = cache.writes.appendAudit({ idnat: '810101234560', bal: 'session', action: 'login', target: 'card', result: 'ok' }).finally(() => (settled = true));
    // The worker is busy behind the lock: an engine call queued after the write waits too.
    const stats = host().stats();
    let ticks = 0;
    while (ticks < 50) {
      await new Promise((r) => setImmediate(r));
      ticks++;
    }
    // main turned 50 times while its write was pending, and nothing was written past the lock.
    expect(settled).toBe(false);
    expect(cache.reader.listAudit()).toEqual([]);

    holder.prepare('COMMIT').run();
    await expect(write).resolves.toBeGreaterThan(0);
    await stats;
    expect(cache.reader.listAudit().map((e) => e.action)).toEqual(['login']);
  });
});
