// Child process of the crash phase: runs the real SyncEngine in the engine worker (EngineWorkerHost, as the
// app does) over an existing encrypted cache, so the parent can kill -9 it at any point.
//   tsx crash-child.ts <dbFile> <keyHex> <folders,comma> [changes.json]
// changes.json: local changes to queue once the first folder is synced (a marker file next to it
// prevents queuing them again after a restart: the queue itself must survive the crash).
// Prints one JSON line per milestone: {"ready"}, {"synced"}, {"queued": n}.
import fs from 'node:fs';
import { EngineWorkerHost } from '../../main/sync/engine-host';
import { openReader } from '../../main/store/open-store';
import { engineAccount, passwordCredentials, sleep, TORTURE_BAL } from './lib';

interface Change {
  kind: 'flags' | 'move';
  messageId: string;
  add?: Array<'seen' | 'flagged' | 'answered'>;
  remove?: Array<'seen' | 'flagged' | 'answered'>;
  dest?: string;
}

const [dbFile, keyHex, foldersArg, changesFile] = process.argv.slice(2) as [string, string, string, string | undefined];
const folders = foldersArg.split(',');
const say = (o: unknown) => process.stdout.write(JSON.stringify(o) + '\n');

async function main(): Promise<void> {
  const host = new EngineWorkerHost(
    { dbFile, keyHex, options: { backoff: { baseMs: 50, maxMs: 500 }, pollIntervalMs: 2_000, socketTimeoutMs: 10_000, headerBatchSize: 25 } },
    passwordCredentials(),
  );
  await host.ready;
  const accountId = await host.start(engineAccount(folders));
  say({ ready: true });
  process.on('SIGTERM', () => {
    void host.terminate().finally(() => process.exit(0));
  });
  const reader = openReader(dbFile, keyHex);
  let synced = false;
  while (!synced) {
    await sleep(50);
    synced = folders.every((p) => reader.getFolderByPath(accountId, p)?.highestmodseq);
  }
  say({ synced: true });
  if (!changesFile) return;
  const marker = `${changesFile}.queued`;
  if (fs.existsSync(marker)) return;
  const changes = JSON.parse(fs.readFileSync(changesFile, 'utf8')) as Change[];
  const src = reader.getFolderByPath(accountId, folders[0]!)!;
  const rows = reader.listMessages(src.id, { limit: 1000 });
  let n = 0;
  for (const c of changes) {
    const row = rows.find((r) => r.messageId === c.messageId);
    if (!row) continue;
    if (c.kind === 'flags') await host.applyChange({ kind: 'flags', messageIds: [row.id], ...(c.add ? { add: c.add } : {}), ...(c.remove ? { remove: c.remove } : {}) });
    else {
      const dest = reader.getFolderByPath(accountId, c.dest!)!;
      await host.applyChange({ kind: 'move', messageIds: [row.id], destFolderId: dest.id });
    }
    n++;
  }
  fs.writeFileSync(marker, String(n));
  say({ queued: n, bal: TORTURE_BAL.address });
}

main().catch((e: unknown) => {
  process.stderr.write(`crash child failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
});
