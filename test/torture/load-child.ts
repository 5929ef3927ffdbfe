// The `load` scenario, in its own sandbox (SANDBOX_DIR, SANDBOX_PORT_OFFSET and SANDBOX_LOAD_BALS are set
// by phase-load.ts before anything reads sandbox/config): 10 BALs of one person synced at once with her PSC
// tokens under the engine budget (operator cap 10 − 1), one BAL with 100k messages and 2,000 folders, and a
// burst of new messages delivered while the shown BAL IDLEs. Meanwhile the real renderer runs in headless
// Chromium over a reader of the same cache (load-ui.ts): frame times during the initial sync, the burst,
// scrolling the 100k folder and a search typed key by key. Prints one JSON line (LoadChildResult).
import fs from 'node:fs';
import { BALS, CONNECTION_CAP, LOAD_PERSON_IDNAT, SANDBOX_DIR } from '../../sandbox/config';
import { countConnections, plainImapClient, sandboxDown, sandboxUp } from '../../sandbox/control';
import { seedLarge } from '../../sandbox/seed';
import { doveadm } from '../../sandbox/mail/dovecot';
import { SyncEngine } from '../../main/sync/engine';
import type { CredentialsProvider } from '../../main/sync/types';
import { engineAccount, newStore, rawMessage, sleep, waitFor } from './lib';
import { issueToken } from './send-harness';
import { LoadUi, prepareBundle, type FrameStats } from './load-ui';
import { compareWithServer } from './server-compare';

export interface LoadChildResult {
  bals: number;
  budget: number;
  burst: number;
  big: { messages: number; folders: number };
  loadMessages: number;
  loadLost: number;
  loadDuplicated: number;
  loadStale: number;
  /** Server folders (selectable) with no cached row; cached folders the server's LIST no longer shows. */
  loadMissingFolders: number;
  loadStaleFolders: number;
  maxOpenEngine: number;
  maxOpenServer: number;
  limitRefusals: number;
  initialSyncMs: number | null;
  burstMs: number | null;
  loadRssMaxMb: number;
  /** The browser host process (reader + handlers) and Chromium's processes (sum), null when not run. */
  loadHostRssMaxMb: number | null;
  /** Chromium: summed PSS of its processes. */
  loadBrowserPssMaxMb: number | null;
  loadPageHeapMaxMb: number | null;
  /** rAF frame deltas over the burst, the scroll and the search (null when Chromium could not run). */
  frameSamples: number | null;
  frameP95Ms: number | null;
  frameMaxMs: number | null;
  longTasks: number | null;
  framePhases: Record<string, FrameStats>;
  /** Rows of the 100k list scrolled past by the wheel, then the row selected by j / PageDown (1-based). */
  /** What the page's list showed for the burst's INBOX (BURST + 1 when the events reached the page). */
  listTotalAfterBurst: number | null;
  scrolledRows: number | null;
  selectedRow: number | null;
  /** A deliberate 250 ms block of the page was measured as such (the instrument can fail). */
  frameProbeSelfCheck: boolean | null;
  frameNote: string | null;
  rotatingBals: number;
  errors: string[];
}

const BURST = Number(process.env.LOAD_BURST ?? 5000);
const BIG_MESSAGES = Number(process.env.LOAD_BIG_MESSAGES ?? 100_000);
const BIG_FOLDERS = Number(process.env.LOAD_BIG_FOLDERS ?? 2000);
const BUDGET = CONNECTION_CAP - 1;
const log = (l: string) => process.stderr.write(`  load: ${l}\n`);
/** Closed on the way out whatever happens (Chromium, the host, their temporary folders). */
let openUi: LoadUi | null = null;

async function main(): Promise<LoadChildResult> {
  const errors: string[] = [];
  const t0 = Date.now();
  await sandboxUp({ seed: false, log: (l) => log(`[sandbox] ${l}`) });
  log(`sandbox up in ${Date.now() - t0} ms (${BALS.length} BALs)`);
  // The renderer is built while the big BAL is seeded.
  const bundle = prepareBundle();
  const big = BALS[BALS.length - 1]!;
  const shown = BALS.find((b) => b.type === 'APP')!;
  // The big BAL: 2,000 folders (one doveadm call per 200 names), 100k messages written as Maildir files.
  const tb = Date.now();
  const names = Array.from({ length: BIG_FOLDERS }, (_, i) => `Dossier-${String(i).padStart(4, '0')}`);
  for (let i = 0; i < names.length; i += 200) await doveadm(['mailbox', 'create', '-u', big.address, ...names.slice(i, i + 200)]);
  await seedLarge(big.address, BIG_MESSAGES, { folder: 'Archives' });
  log(`big BAL seeded in ${Date.now() - tb} ms`);
  // One message in every other BAL's INBOX, so each has something to sync.
  for (const b of BALS) {
    if (b === big) continue;
    const c = await plainImapClient(b.address);
    await c.append('INBOX', rawMessage(0, 'load-inbox', b.address));
    await c.logout();
  }

  let token: { value: string; at: number } | null = null;
  const credentials: CredentialsProvider = async (bal, o) => {
    if (!token || o.forceRefresh || Date.now() - token.at > 200_000) token = { value: await issueToken(LOAD_PERSON_IDNAT), at: Date.now() };
    return { user: bal, auth: { kind: 'xoauth2', accessToken: token.value } };
  };
  const store = newStore('load10');
  // Headers only: 100k bodies would take the whole run; bodies have their own benchmark (bench/).
  const engine = new SyncEngine(store.writer, credentials, { connectionBudget: BUDGET, pollIntervalMs: 20_000, backgroundBodies: false });
  let limitRefusals = 0;
  let ui: LoadUi | null = null;
  const folderIdsOf = (msgIds: number[]) => [...new Set(msgIds.slice(0, 500).map((id) => store.writer.getMessage(id)?.folderId).filter((x): x is number => !!x))];
  engine.on((e) => {
    ui?.relay(e, folderIdsOf);
    if (e.type === 'connectivity' && !e.online && e.reason === 'SERVER_LIMIT') limitRefusals++;
    if (e.type === 'error') errors.push(`${e.code}`);
    if (e.type === 'authFailed') errors.push(`authFailed ${e.bal}`);
  });
  let maxOpenEngine = 0;
  let maxOpenServer = 0;
  let rssMax = process.memoryUsage().rss;
  const fast = setInterval(() => {
    maxOpenEngine = Math.max(maxOpenEngine, engine.stats().connectionsOpen);
    rssMax = Math.max(rssMax, process.memoryUsage().rss);
  }, 20);
  let sampling = true;
  const serverSampler = (async () => {
    while (sampling) {
      maxOpenServer = Math.max(maxOpenServer, await countConnections(LOAD_PERSON_IDNAT).catch(() => 0));
      await sleep(200);
    }
  })();

  const rssBefore = process.memoryUsage().rss;
  const ti = Date.now();
  // The big BAL first (it keeps a connection: start order), the shown BAL, then the others.
  const order = [big, shown, ...BALS.filter((b) => b !== big && b !== shown)];
  const ids = new Map(order.map((b) => [b, engine.start({ ...engineAccount([], undefined, b), type: b.type, onlyFolders: undefined })]));
  const shownId = ids.get(shown)!;
  const inbox = await waitFor(() => store.writer.getFolderByPath(shownId, 'INBOX'), 60_000);
  if (inbox) engine.setActiveFolder(shown.address, inbox.id);
  // The app on the shown BAL, over a read-only connection to this cache, while the initial sync goes on.
  const tu = Date.now();
  ui = await LoadUi.start({ bundle, cacheFile: store.file, keyHex: store.keyHex, shownBal: shown.address, log });
  openUi = ui;
  log(ui.measuring ? `app open in Chromium in ${Date.now() - tu} ms (initial sync still running)` : `UI not measured: ${ui.note}`);
  await ui.begin('initialSync');
  const allSynced = () => [...ids].every(([b, id]) => {
    const folders = store.writer.listFolders(id);
    return folders.length > (b === big ? BIG_FOLDERS : 0) && folders.every((f) => f.highestmodseq !== null);
  });
  const synced = await waitFor(allSynced, 15 * 60_000, 500);
  const initialSyncMs = synced ? Date.now() - ti : null;
  await ui.end('initialSync');
  log(`initial sync of ${BALS.length} BALs ${synced ? `in ${initialSyncMs} ms` : 'NOT finished'}; rotating ${engine.stats().rotatingBals}`);

  // The burst, while the shown BAL IDLEs on its INBOX: 4 other clients append in parallel.
  await waitFor(() => engine.sessionsOf(shown.address).active.client?.idling, 30_000);
  await ui.begin('burst');
  const tBurst = Date.now();
  const senders = await Promise.all([0, 1, 2, 3].map(() => plainImapClient(shown.address)));
  await Promise.all(senders.map(async (c, k) => {
    for (let i = k + 1; i <= BURST; i += senders.length) await c.append('INBOX', rawMessage(i, 'load-burst', shown.address));
    await c.logout();
  }));
  log(`burst of ${BURST} appended in ${Date.now() - tBurst} ms`);
  const burstDone = await waitFor(() => inbox && store.writer.folderTree(shownId).find((f) => f.id === inbox.id)!.total >= BURST + 1, 10 * 60_000, 250);
  const burstMs = burstDone ? Date.now() - tBurst : null;
  await ui.end('burst');
  const shownInList = await ui.listTotal(BURST + 1);
  if (ui.measuring) log(`the page's list shows ${shownInList ?? 'no'} messages in the burst's INBOX (${BURST + 1} cached)`);
  // New mail on every other BAL too (served by IDLE or by rotation turns), then settle.
  for (const b of BALS) {
    if (b === shown) continue;
    const c = await plainImapClient(b.address);
    await c.append('INBOX', rawMessage(1, 'load-inbox', b.address));
    await c.logout();
  }
  const inboxCount = (b: (typeof BALS)[number]) => {
    const f = store.writer.getFolderByPath(ids.get(b)!, 'INBOX');
    return f ? store.writer.folderTree(ids.get(b)!).find((x) => x.id === f.id)!.total : 0;
  };
  await waitFor(() => BALS.every((b) => b === shown || inboxCount(b) >= (b === big ? 1 : 2)), 120_000, 500);
  const rotatingBals = engine.stats().rotatingBals ?? 0;
  // The 100k folder scrolled, then a search typed key by key, the engine still running (IDLE, rotation).
  await ui.scroll(big.address, 'Archives', Number(process.env.LOAD_SCROLL_MS ?? 20_000));
  await ui.search('compte rendu dupont');
  const uiFigures = await ui.close();
  ui = openUi = null;
  for (const e of uiFigures.errors) errors.push(`ui ${e}`);
  rssMax = Math.max(rssMax, process.memoryUsage().rss);
  await engine.stop();
  sampling = false;
  clearInterval(fast);
  await serverSampler;

  // Server vs cache over the SERVER's folder list (a folder the cache never learnt counts as lost mail and a
  // missing folder; a cached folder the server no longer has counts as stale): by UID and Message-ID.
  let messages = 0;
  let lost = 0;
  let duplicated = 0;
  let stale = 0;
  let missingFolders = 0;
  let staleFolders = 0;
  for (const b of BALS) {
    const c = await plainImapClient(b.address);
    try {
      const r = await compareWithServer(c, store.writer, ids.get(b)!);
      messages += r.messages;
      lost += r.lost;
      duplicated += r.duplicated;
      stale += r.stale;
      missingFolders += r.missingFolders;
      staleFolders += r.staleFolders;
      for (const p of [...r.missingFolderPaths.slice(0, 3).map((x) => `missing folder ${b.address}/${x}`), ...r.staleFolderPaths.slice(0, 3).map((x) => `stale folder ${b.address}/${x}`)]) log(p);
    } finally {
      await c.logout().catch(() => c.close());
    }
  }
  store.close();
  log(`compared ${messages} messages: lost ${lost}, duplicated ${duplicated}, stale ${stale}; folders missing from the cache ${missingFolders}, cached folders gone from the server ${staleFolders}; RSS ${Math.round(rssBefore / 1048576)} → max ${Math.round(rssMax / 1048576)} MB`);
  return {
    bals: BALS.length, budget: BUDGET, burst: BURST, big: { messages: BIG_MESSAGES, folders: BIG_FOLDERS },
    loadMessages: messages, loadLost: lost, loadDuplicated: duplicated, loadStale: stale, loadMissingFolders: missingFolders, loadStaleFolders: staleFolders,
    maxOpenEngine, maxOpenServer, limitRefusals, initialSyncMs, burstMs,
    loadRssMaxMb: Math.round(rssMax / 1048576),
    loadHostRssMaxMb: uiFigures.hostRssMaxMb, loadBrowserPssMaxMb: uiFigures.browserPssMaxMb, loadPageHeapMaxMb: uiFigures.pageHeapMaxMb,
    frameSamples: uiFigures.frameSamples, frameP95Ms: uiFigures.frameP95Ms, frameMaxMs: uiFigures.frameMaxMs, longTasks: uiFigures.longTasks,
    framePhases: uiFigures.phases, frameNote: uiFigures.reason, listTotalAfterBurst: uiFigures.listTotalAfterBurst, scrolledRows: uiFigures.scrolledRows, selectedRow: uiFigures.selectedRow, frameProbeSelfCheck: uiFigures.probeSelfCheck,
    rotatingBals, errors: [...new Set(errors)].slice(0, 10),
  };
}

main()
  .then(async (r) => {
    process.stdout.write(`${JSON.stringify(r)}\n`);
  })
  .catch((e: unknown) => {
    process.stderr.write(`load child failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    await openUi?.close().catch(() => undefined);
    // Our own sandbox only (SANDBOX_DIR set by the parent, never the shared one).
    if (process.env.SANDBOX_DIR && process.env.LOAD_OWN_SANDBOX === '1') {
      await sandboxDown().catch(() => undefined);
      fs.rmSync(SANDBOX_DIR, { recursive: true, force: true });
    }
    process.exit();
  });
