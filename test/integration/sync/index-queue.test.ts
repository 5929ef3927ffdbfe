// Store first, index after (issue #15) against the sandbox Dovecot: a message is readable offline as soon
// as its raw source is fetched (before any text extraction), search finds messages not indexed yet, and the
// durable index queue resumes where a killed index worker stopped, without losing or doubling an entry.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { IndexQueries } from '../../../main/store/index-queries';
import { SyncQueries } from '../../../main/store/sync-queries';
import { SyncEngine } from '../../../main/sync/engine';
import { Indexer } from '../../../main/sync/indexer';
import type { EngineEvent } from '../../../main/sync/types';
import {
  account, collect, deleteFolder, passwordCredentials, runCleanups, seedFolder, serverClient, tempStore, TEST_BAL, uniqueFolder, waitFor,
  type TestStore,
} from './helpers';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(() => runCleanups(cleanups));

/** A practice-like message with a word found nowhere else (`motcle<i>x`) deep in its text and HTML. */
function message(i: number, folder: string): Buffer {
  const para = 'Le bilan biologique montre une glycémie à jeun élevée, à surveiller lors de la prochaine consultation. '.repeat(40);
  const date = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toUTCString();
  return Buffer.from(
    `From: Laboratoire BioSanté <resultats@labo-biosante.mssante.fr>\r\nTo: ${TEST_BAL.address}\r\nSubject: Résultats ${i}\r\n` +
    `Message-ID: <q${i}.${folder}@test.mssante.fr>\r\nDate: ${date}\r\nMIME-Version: 1.0\r\n` +
    `Content-Type: multipart/alternative; boundary="b${i}"\r\n\r\n` +
    `--b${i}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${para}\r\nRéférence motcle${i}x.\r\n` +
    `--b${i}\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>${para}</p><p>Référence motcle${i}x.</p>\r\n--b${i}--\r\n`,
  );
}

/** Seeds `count` messages, syncs them with no indexer running: every raw source stored, nothing indexed. */
async function storedNotIndexed(tag: string, count: number): Promise<{ store: TestStore; folder: string; accountId: number; folderId: number }> {
  const folder = uniqueFolder(tag);
  const server = await serverClient();
  cleanups.push(async () => {
    await server.logout().catch(() => {});
    await deleteFolder(folder);
  });
  await seedFolder(server, folder, count, (i) => message(i, folder));
  const store = tempStore();
  cleanups.push(() => store.close());
  const engine = new SyncEngine(store.writer, passwordCredentials(), { pollIntervalMs: 60_000, indexer: 'external' });
  cleanups.push(() => engine.stop());
  const accountId = engine.start(account(folder));
  const q = new SyncQueries(store.writer);
  const f = await waitFor(() => {
    const x = store.writer.getFolderByPath(accountId, folder);
    return x && x.highestmodseq !== null && q.countMessages(x.id) === count ? x : null;
  }, 30_000, 'headers');
  await waitFor(() => q.countNeedingBody(f.id) === 0, 60_000, 'every raw source stored');
  await engine.stop();
  return { store, folder, accountId, folderId: f.id };
}

describe('store first, index after', () => {
  it('a fetched message is readable offline before any extraction, and found by search before it is indexed', async () => {
    const { store, folder, accountId, folderId } = await storedNotIndexed('offline', 12);
    const iq = new IndexQueries(store.writer);
    expect(iq.pending()).toBe(12);
    const list = store.writer.listMessages(folderId, { limit: 100 });
    expect(list.every((m) => m.bodyState === 'headers')).toBe(true); // stored raw, text not extracted
    const reader = store.reader();

    // Not indexed yet: found on its headers (subject, sender), bounded fallback; the body is not searched.
    expect(reader.search('Résultats 7').map((m) => m.uid)).toContain(list.find((m) => m.subject === 'Résultats 7')!.uid);
    expect(reader.search('biosante', { accountId }).length).toBe(12);

    // Offline: the server is unreachable (closed port); opening a message extracts it from the cache.
    const offline = new SyncEngine(store.writer, passwordCredentials(), { pollIntervalMs: 60_000, indexer: 'external' });
    const events: EngineEvent[] = [];
    offline.on(collect(events));
    cleanups.push(() => offline.stop());
    offline.start(account(folder, 1)); // port 1: nothing listens
    const target = list.find((m) => m.subject === 'Résultats 3')!;
    expect(await offline.fetchBody(target.id)).toBe(true);
    expect(reader.getBody(target.id)!.text).toContain('motcle3x');
    expect(events.some((e) => e.type === 'connectivity' && e.online)).toBe(false);
    // Extracted once: the index worker indexes it without parsing it again, then the rest.
    expect(iq.takeRawToExtract(100, 1 << 30).map((r) => r.id)).not.toContain(target.id);
    await offline.stop();

    const indexer = new Indexer(store.writer);
    indexer.start();
    cleanups.push(() => indexer.stop());
    await waitFor(() => iq.pending() === 0, 60_000, 'indexed');
    expect(reader.search('motcle3x').map((m) => m.id)).toEqual([target.id]);
    expect(reader.search('motcle11x').map((m) => m.subject)).toEqual(['Résultats 11']);
  }, 120_000);

  it('resumes the index queue after the index worker is killed, nothing lost or doubled', async () => {
    const count = 160;
    const { store } = await storedNotIndexed('resume', count);
    const iq = new IndexQueries(store.writer);
    expect(iq.pending()).toBe(count);

    const child = spawn(process.execPath, ['--import', 'tsx', path.join(path.dirname(fileURLToPath(import.meta.url)), 'index-child.ts'), store.file, store.keyHex], { stdio: ['ignore', 'pipe', 'inherit'] });
    cleanups.push(() => { if (child.exitCode === null) child.kill('SIGKILL'); });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const lines = out.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { pending: number; indexed: number });
      // Mid-run: some rounds committed, most of the queue left.
      if (lines.some((p) => p.indexed >= 10) && child.exitCode === null) child.kill('SIGKILL');
    });
    expect(await exited).toBe('SIGKILL');
    const left = iq.pending();
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(count);

    // What was committed is indexed exactly once; the rest is still queued, untouched.
    const reader = store.reader();
    const hits = (i: number) => reader.search(`motcle${i}x`).length;
    const indexedNow = Array.from({ length: count }, (_, i) => i).filter((i) => hits(i) === 1);
    expect(indexedNow.length).toBe(count - left); // the fallback matches headers only: queued bodies not yet

    const indexer = new Indexer(store.writer);
    indexer.start();
    cleanups.push(() => indexer.stop());
    await waitFor(() => iq.pending() === 0, 120_000, 'queue drained after restart');
    for (let i = 0; i < count; i++) expect({ i, hits: hits(i) }).toEqual({ i, hits: 1 });
    // No entry twice in the index itself (the fallback is off once the queue is empty).
    const raw = store.writer as unknown as { db: { prepare(s: string): { get(): { n: number } } } };
    expect(raw.db.prepare(`SELECT count(*) AS n FROM messages_fts WHERE messages_fts MATCH 'glycemie'`).get().n).toBe(count);
  }, 180_000);
});
