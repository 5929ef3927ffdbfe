// Phase 6 (light): a burst of new messages while the engine IDLEs on the folder (time until all are
// cached, engine RSS growth), and several BALs at once under one connection budget (fewer connections
// than BALs: rotation). With --load, the full scenario (runLoadScenario) in a sandbox of its own.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { SyncEngine } from '../../main/sync/engine';
import type { LoadChildResult } from './load-child';
import { BALS, PORT_OFFSET, REPO_ROOT } from '../../sandbox/config';
import { engineAccount, imapClient, newStore, passwordCredentials, rawMessage, sleep, tmpDir, TORTURE_BAL, trackChild, uniqueName, waitFor } from './lib';

export interface LoadFigures {
  burst: { messages: number; appendMs: number; cachedAfterMs: number | null; rssBeforeMb: number; rssPeakMb: number };
  multiBal: Array<{ bals: number; budget: number; maxOpen: number; syncedBals: number; syncedMs: number | null }>;
}

export async function runLoad(o: { log: (l: string) => void; burst?: number }): Promise<LoadFigures> {
  const n = o.burst ?? 5000;
  const folder = uniqueName('burst');
  const c = await imapClient();
  const store = newStore('load');
  let engine: SyncEngine | null = null;
  try {
    await c.mailboxCreate(folder);
    await c.append(folder, rawMessage(0, folder));
    engine = new SyncEngine(store.writer, passwordCredentials(), { pollIntervalMs: 60_000 });
    const accountId = engine.start(engineAccount([folder]));
    await waitFor(() => store.writer.getFolderByPath(accountId, folder)?.highestmodseq, 20_000);
    await waitFor(() => engine!.sessionsOf(TORTURE_BAL.address).active.client?.idling, 10_000);
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
    const t0 = Date.now();
    const other = await imapClient();
    for (let i = 1; i <= n; i++) await other.append(folder, rawMessage(i, folder));
    await other.logout();
    const appendMs = Date.now() - t0;
    const f = store.writer.getFolderByPath(accountId, folder)!;
    const done = await waitFor(() => store.writer.listMessages(f.id, { limit: 1 }).length > 0 && countIn(store, f.id) >= n + 1, 180_000, 250);
    clearInterval(sampler);
    const burst = { messages: n, appendMs, cachedAfterMs: done ? Date.now() - t0 : null, rssBeforeMb: Math.round(rssBefore / 1048576), rssPeakMb: Math.round(peak / 1048576) };
    o.log(`  load: burst ${JSON.stringify(burst)}`);
    await engine.stop();
    engine = null;

    // Every sandbox BAL at once (password logins) under a connection budget: one each, then fewer than BALs.
    const multiBal: LoadFigures['multiBal'] = [];
    for (const budget of [BALS.length, 3]) {
      const multiStore = newStore('load-multi');
      const multi = new SyncEngine(multiStore.writer, async (bal) => ({ user: bal, auth: { kind: 'password', pass: BALS.find((b) => b.address === bal)!.password } }), { connectionBudget: budget, pollIntervalMs: 60_000 });
      let maxOpen = 0;
      const t1 = Date.now();
      const ids = BALS.map((b) => multi.start({ ...engineAccount([], undefined, b), type: b.type, onlyFolders: ['INBOX'] }));
      let syncedMs: number | null = null;
      let syncedBals = 0;
      for (let k = 0; k < 300; k++) {
        maxOpen = Math.max(maxOpen, multi.budget.inUse);
        syncedBals = ids.filter((id) => multiStore.writer.getFolderByPath(id, 'INBOX')?.highestmodseq).length;
        if (syncedBals === ids.length) {
          syncedMs = Date.now() - t1;
          break;
        }
        await sleep(100);
      }
      await multi.stop();
      multiStore.close();
      multiBal.push({ bals: BALS.length, budget, maxOpen, syncedBals, syncedMs });
    }
    return { burst, multiBal };
  } finally {
    await engine?.stop();
    await c.mailboxDelete(folder).catch(() => {});
    await c.logout().catch(() => {});
    store.close();
  }
}

/**
 * The full load scenario (load-child.ts) in a sandbox of its own (temporary SANDBOX_DIR, ports + 3000,
 * 5 extra BALs): the shared sandbox is neither slowed down nor given extra BALs.
 */
export async function runLoadScenario(o: { log: (l: string) => void; portOffset?: number }): Promise<LoadChildResult> {
  const dir = tmpDir('load-sandbox');
  const env = {
    ...process.env,
    SANDBOX_DIR: dir,
    SANDBOX_PORT_OFFSET: String(o.portOffset ?? PORT_OFFSET + 3000),
    SANDBOX_LOAD_BALS: '5',
    LOAD_OWN_SANDBOX: '1',
    MSS_LOG_LEVEL: 'error',
  };
  const child = trackChild(spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'test', 'torture', 'load-child.ts')], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }));
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => String(d).split('\n').filter(Boolean).forEach((l) => o.log(l)));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const last = out.trim().split('\n').pop() ?? '';
  if (code !== 0 || !last.startsWith('{')) throw new Error(`load scenario failed (exit ${code})`);
  return JSON.parse(last) as LoadChildResult;
}

function countIn(store: ReturnType<typeof newStore>, folderId: number): number {
  return store.writer.folderTree(store.writer.getFolder(folderId)!.accountId).find((x) => x.id === folderId)?.total ?? 0;
}
