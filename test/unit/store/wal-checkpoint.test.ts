// The WAL stays bounded during a long sync (issue #15): batched writes of raw sources, as the sync does,
// with a reader connection beside; the outcome checked is the WAL file's size, never a duration.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openConnection, type Db } from '../../../main/store/db';
import { openWriter } from '../../../main/store/open-store';
import { SyncQueries } from '../../../main/store/sync-queries';
import type { StoreWriter } from '../../../main/store/writer';
import { msg, seedAccount, tempDir } from './helpers';

const MAX = 2 * 1024 * 1024;
const RAW_BYTES = 48 * 1024;
const PER_BATCH = 20;

interface Fixture { dir: string; file: string; writer: StoreWriter; reader: Db; inbox: number; nextUid: number }
let fx: Fixture | null = null;

function open(wal: { idleMs?: number } = {}): Fixture {
  const dir = tempDir('wal-');
  const file = path.join(dir, 'cache.db');
  const keyHex = crypto.randomBytes(32).toString('hex');
  const writer = openWriter(file, keyHex, { wal: { maxBytes: MAX, idleMs: wal.idleMs ?? 600_000 } });
  const { inbox } = seedAccount(writer);
  const reader = openConnection(file, { keyHex, readonly: true });
  fx = { dir, file, writer, reader, inbox, nextUid: 1 };
  return fx;
}

afterEach(() => {
  if (!fx) return;
  if (fx.reader.inTransaction) fx.reader.exec('COMMIT');
  fx.reader.close();
  fx.writer.close();
  fs.rmSync(fx.dir, { recursive: true, force: true });
  fx = null;
});

/** One sync batch: headers, then their raw sources, each in one transaction (as bodies.ts does). */
function writeBatch(f: Fixture): void {
  const q = new SyncQueries(f.writer);
  const uids = Array.from({ length: PER_BATCH }, () => f.nextUid++);
  const { ids } = f.writer.upsertMessages(f.inbox, 1000, uids.map((u) => msg(u)));
  f.writer.transaction(() => {
    for (const id of ids) {
      const raw = crypto.randomBytes(RAW_BYTES);
      q.storeFetchedRaw(id, raw, crypto.createHash('sha256').update(raw).digest('hex'));
    }
  });
}

const walBytes = (f: Fixture) => (fs.existsSync(`${f.file}-wal`) ? fs.statSync(`${f.file}-wal`).size : 0);
const rawCount = (f: Fixture) => Number((f.reader.prepare('SELECT count(*) AS n FROM raw_messages').get() as { n: number }).n);

describe('WAL checkpoints in the writer', () => {
  it('sets journal_size_limit on the writer connection', () => {
    const f = open();
    expect(Number(f.writer['db'].pragma('journal_size_limit', { simple: true }))).toBeGreaterThan(0);
  });

  it('keeps the WAL under the bound over many batched writes with a reader reading between them', () => {
    const f = open();
    let largest = 0;
    for (let b = 0; b < 40; b++) {
      writeBatch(f);
      largest = Math.max(largest, walBytes(f));
      expect(rawCount(f)).toBe((b + 1) * PER_BATCH); // the reader sees each batch
    }
    // ~38 MB written in all; the WAL never held more than the bound plus one batch.
    expect(largest).toBeLessThanOrEqual(MAX + PER_BATCH * (RAW_BYTES + 8192) * 1.2);
    expect(walBytes(f)).toBeLessThanOrEqual(MAX + PER_BATCH * (RAW_BYTES + 8192) * 1.2);
  });

  it('truncates a WAL grown behind a reader that held an old snapshot, once the reader lets go', async () => {
    const f = open();
    f.reader.exec('BEGIN');
    expect(rawCount(f)).toBe(0); // snapshot held from here
    for (let b = 0; b < 20; b++) writeBatch(f);
    const grown = walBytes(f);
    expect(grown).toBeGreaterThan(8 * MAX); // nothing could be written back meanwhile
    expect(rawCount(f)).toBe(0);
    expect(f.writer.wal.busy).toBeGreaterThan(0); // tried, refused by the reader, nothing lost
    f.reader.exec('COMMIT');
    let batches = 20;
    await expect.poll(() => {
      writeBatch(f);
      batches++;
      return walBytes(f);
    }, { timeout: 20_000, interval: 100 }).toBeLessThanOrEqual(MAX);
    expect(f.writer.wal.completed).toBeGreaterThan(0);
    expect(rawCount(f)).toBe(batches * PER_BATCH);
  });

  it('checkpoints and truncates the WAL once the writer is idle', async () => {
    const f = open({ idleMs: 50 });
    f.reader.exec('BEGIN');
    rawCount(f);
    writeBatch(f);
    f.reader.exec('COMMIT');
    expect(walBytes(f)).toBeGreaterThan(0);
    await expect.poll(() => walBytes(f), { timeout: 10_000 }).toBe(0);
    expect(rawCount(f)).toBe(PER_BATCH);
  });
});
