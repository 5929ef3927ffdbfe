// UI responsiveness during the load scenario: the real built renderer in headless Chromium, served by
// load-host.ts over a reader of the cache the engine writes, the engine's events relayed to the page.
// Frame times are requestAnimationFrame deltas recorded in the page, long tasks by a 'longtask'
// PerformanceObserver; phases are time windows (performance.now() in the page) the figures are cut by.
// RSS of the host process and of Chromium's processes are sampled from /proc. Never throws: without
// Chromium (or when anything fails before measuring) the figures are null and `reason` says why.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type Browser, type CDPSession, type Page, chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { bridgeEventsFromEngine } from '../../main/mail/engine-adapter';
import type { EngineEvent } from '../../main/sync/types';
import { buildHostBundle } from '../e2e/mail-fixture/browser-host';
import { sleep, tmpDir, trackChild } from './lib';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROMIUM_PATH = process.env.MSS_CHROMIUM ?? '/usr/bin/chromium';
/** Phases whose frames make the headline figures (initialSync is reported on its own). */
const HEADLINE = ['burst', 'scroll', 'search'];

export interface FrameStats {
  frames: number;
  p95Ms: number | null;
  maxMs: number | null;
  longTasks: number | null;
  longTaskMaxMs: number | null;
}

export interface LoadUiFigures {
  measured: boolean;
  reason: string | null;
  frameSamples: number | null;
  frameP95Ms: number | null;
  frameMaxMs: number | null;
  longTasks: number | null;
  phases: Record<string, FrameStats>;
  hostRssMaxMb: number | null;
  /** Sum of the PSS of Chromium's processes (RSS would count shared pages once per process). */
  browserPssMaxMb: number | null;
  /** Messages the page's list showed for the burst's INBOX once cached (events reached the page). */
  listTotalAfterBurst: number | null;
  /** How far the 100k list went: rows scrolled past by the wheel, then the selected row's position (1-based). */
  scrolledRows: number | null;
  selectedRow: number | null;
  pageHeapMaxMb: number | null;
  /** The 250 ms block was seen by the rAF loop (and by the long-task observer when it exists). */
  probeSelfCheck: boolean | null;
  errors: string[];
}

// A string, not a function: tsx would wrap a function literal with helpers the page does not have.
export const FRAME_PROBE = `(() => {
  if (window.__probe) return true;
  const p = (window.__probe = { frames: [], long: [], longSupported: false });
  let last = performance.now();
  const tick = (t) => { p.frames.push(t, t - last); last = t; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) p.long.push(e.startTime, e.duration); }).observe({ type: 'longtask', buffered: true });
    p.longSupported = true;
  } catch {}
  return true;
})()`;

/** Starts building the renderer + page bridge now (it overlaps the seeding); resolves to { error } on failure. */
export function prepareBundle(): { dir: string; ready: Promise<{ rendererDir: string; bridgeFile: string } | { error: string }> } {
  const dir = tmpDir('load-ui-build');
  if (!fs.existsSync(CHROMIUM_PATH)) return { dir, ready: Promise.resolve({ error: 'not built: no Chromium' }) };
  return { dir, ready: buildHostBundle(dir).catch((e: unknown) => ({ error: (e as Error).message.split('\n')[0]! })) };
}

const mb = (bytes: number) => Math.round(bytes / 1048576);

/** Every process: parent, command, RSS (bytes). */
function procTable(): Map<number, { ppid: number; comm: string; rss: number }> {
  const out = new Map<number, { ppid: number; comm: string; rss: number }>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const f = stat.slice(close + 2).split(' ');
      out.set(Number(name), { ppid: Number(f[1]), comm, rss: Number(f[21]) * 4096 });
    } catch {
      /* gone */
    }
  }
  return out;
}
/** Proportional set size (bytes) of one process: shared pages split among their users, so a sum is fair. */
function pss(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
/** Summed PSS of the descendants of `root` whose command passes `keep` (Chromium's processes). */
function descendantsPss(table: ReturnType<typeof procTable>, root: number, keep: (comm: string) => boolean): number {
  let sum = 0;
  for (const [pid, p] of table) {
    if (!keep(p.comm)) continue;
    for (let q = p.ppid, hops = 0; q > 1 && hops < 30; q = table.get(q)?.ppid ?? 0, hops++) {
      if (q === root) {
        sum += pss(pid);
        break;
      }
    }
  }
  return sum;
}

function stats(deltas: number[], long: number[] | null): FrameStats {
  const sorted = [...deltas].sort((a, b) => a - b);
  const n = sorted.length;
  return {
    frames: n,
    p95Ms: n ? Math.round(sorted[Math.max(0, Math.ceil(n * 0.95) - 1)]! * 10) / 10 : null,
    maxMs: n ? Math.round(sorted[n - 1]! * 10) / 10 : null,
    longTasks: long ? long.length : null,
    longTaskMaxMs: long && long.length ? Math.round(Math.max(...long)) : long ? 0 : null,
  };
}

export class LoadUi {
  private windows: Array<{ name: string; start: number; end: number | null }> = [];
  private rss = { host: 0, browser: 0, heap: 0 };
  private sampler: ReturnType<typeof setInterval> | null = null;
  private cdp: CDPSession | null = null;
  private listSeen: number | null = null;
  private scrolled: { rows: number | null; selected: number | null } = { rows: null, selected: null };
  readonly errors: string[] = [];

  private constructor(
    private readonly log: (l: string) => void,
    private readonly host: ChildProcess | null,
    private readonly browser: Browser | null,
    readonly page: Page | null,
    private readonly dirs: string[],
    private reason: string | null,
  ) {}

  /** Why nothing is measured (null while measuring). */
  get note(): string | null {
    return this.reason;
  }

  get measuring(): boolean {
    return this.page !== null && this.reason === null;
  }

  /**
   * The host over `cacheFile` (opened read-only), Chromium, the app opened on `shownBal`'s INBOX.
   * On failure the returned LoadUi measures nothing and says why.
   */
  static async start(o: {
    bundle: ReturnType<typeof prepareBundle>;
    cacheFile: string;
    keyHex: string;
    shownBal: string;
    log: (l: string) => void;
  }): Promise<LoadUi> {
    const dirs = [o.bundle.dir];
    if (!fs.existsSync(CHROMIUM_PATH)) return new LoadUi(o.log, null, null, null, dirs, `Chromium absent (${CHROMIUM_PATH}): frame times not measured`);
    const built = await o.bundle.ready;
    if ('error' in built) return new LoadUi(o.log, null, null, null, dirs, `renderer build failed: ${built.error}`);
    const profile = tmpDir('load-ui-profile');
    dirs.push(profile);
    let host: ChildProcess | null = null;
    let browser: Browser | null = null;
    try {
      host = trackChild(spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'test/torture/load-host.ts'), '--profile', profile, '--renderer', built.rendererDir,
        '--bridge', built.bridgeFile, '--cache', o.cacheFile, '--shown', o.shownBal], {
        cwd: REPO, env: { ...process.env, MSS_LOAD_CACHE_KEY: o.keyHex, MSS_LOG_LEVEL: 'error' }, stdio: ['pipe', 'pipe', 'pipe'],
      }));
      host.stderr!.on('data', (d: Buffer) => String(d).split('\n').filter(Boolean).forEach((l) => o.log(`[host] ${l.slice(0, 300)}`)));
      host.stdin!.on('error', () => {});
      const h = host;
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('load host did not start within 60 s')), 60_000);
        h.once('exit', (code) => reject(new Error(`load host exited (${code})`)));
        readline.createInterface({ input: h.stdout! }).on('line', (line) => {
          if (!line.startsWith('{')) return;
          const m = JSON.parse(line) as { ready?: boolean; url: string };
          if (m.ready) {
            clearTimeout(timer);
            resolve(m.url);
          }
        });
      });
      browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
      const page = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1360, height: 820 } });
      page.setDefaultTimeout(30_000);
      await page.goto(url);
      await page.getByTestId('folder-INBOX').waitFor({ timeout: 60_000 });
      await page.getByTestId('message-list').waitFor({ timeout: 60_000 });
      await page.evaluate(FRAME_PROBE);
      const ui = new LoadUi(o.log, host, browser, page, dirs, null);
      await ui.startSampling();
      // The instrument itself: a 250 ms block of the page's main thread must show as a frame gap ≥ 200 ms (rAF times are frame starts)
      // (and a long task), in a window of its own that the headline figures leave out.
      await ui.phase('probeSelfCheck', async (p) => {
        // A task of the page's own (a block inside the debugger's evaluate is not a long task).
        await p.evaluate('setTimeout(() => { const end = performance.now() + 250; while (performance.now() < end); }, 0)');
        await sleep(500);
      });
      return ui;
    } catch (e) {
      const ui = new LoadUi(o.log, host, browser, null, dirs, `browser host failed before measuring: ${(e as Error).message.split('\n')[0]}`);
      return ui;
    }
  }

  private async startSampling(): Promise<void> {
    try {
      this.cdp = await this.page!.context().newCDPSession(this.page!);
      await this.cdp.send('Performance.enable');
    } catch {
      this.cdp = null;
    }
    let busy = false;
    this.sampler = setInterval(() => {
      if (busy) return;
      busy = true;
      const table = procTable();
      if (this.host?.pid) this.rss.host = Math.max(this.rss.host, table.get(this.host.pid)?.rss ?? 0);
      this.rss.browser = Math.max(this.rss.browser, descendantsPss(table, process.pid, (c) => c.startsWith('chrom')));
      const metrics = this.cdp?.send('Performance.getMetrics').catch(() => null) ?? Promise.resolve(null);
      void metrics
        .then((m) => {
          const heap = m?.metrics.find((x) => x.name === 'JSHeapUsedSize')?.value;
          if (heap) this.rss.heap = Math.max(this.rss.heap, heap);
        })
        .finally(() => (busy = false));
    }, 1000);
  }

  /** An engine event, as the app's sync controller turns it into bridge events, sent to the page. */
  relay(e: EngineEvent, folderIdsOf: (ids: number[]) => number[]): void {
    if (!this.host?.stdin?.writable) return;
    for (const ev of bridgeEventsFromEngine(e, folderIdsOf)) this.host.stdin.write(`${JSON.stringify({ event: ev.name, payload: ev.payload })}\n`);
  }

  async begin(name: string): Promise<void> {
    if (!this.measuring) return;
    try {
      this.windows.push({ name, start: (await this.page!.evaluate('performance.now()')) as number, end: null });
    } catch (e) {
      this.errors.push(`${name}: ${(e as Error).message.split('\n')[0]}`);
    }
  }

  async end(name: string): Promise<void> {
    const w = this.windows.findLast((x) => x.name === name && x.end === null);
    if (!w || !this.measuring) return;
    try {
      w.end = (await this.page!.evaluate('performance.now()')) as number;
    } catch (e) {
      this.errors.push(`${name}: ${(e as Error).message.split('\n')[0]}`);
    }
  }

  /** A phase around `fn`; a failure of `fn` is recorded, the frames until then still count. */
  async phase(name: string, fn: (page: Page) => Promise<void>): Promise<void> {
    if (!this.measuring) return;
    await this.begin(name);
    try {
      await fn(this.page!);
    } catch (e) {
      const msg = `${name}: ${(e as Error).message.split('\n')[0]}`;
      this.errors.push(msg);
      this.log(`ui ${msg}`);
    }
    await this.end(name);
  }

  /**
   * The total the page's list shows (aria-setsize of its rows), waiting up to 20 s for `expected`: the list
   * only reloads on 'messages.changed', so this says the engine's events reached the page.
   */
  async listTotal(expected: number): Promise<number | null> {
    if (!this.measuring) return null;
    const read = async () => Number((await this.page!.getByTestId('message-row').first().getAttribute('aria-setsize', { timeout: 5_000 }).catch(() => null)) ?? NaN);
    const end = Date.now() + 20_000;
    let n = await read();
    while (!(n >= expected) && Date.now() < end) {
      await sleep(500);
      n = await read();
    }
    this.listSeen = Number.isFinite(n) ? n : null;
    return this.listSeen;
  }

  /** Opens `folder` of `bal`, then scrolls its list for `ms`: wheel for half the time, then PageDown / j. */
  async scroll(bal: string, folder: string, ms: number): Promise<void> {
    if (!this.measuring) return;
    const page = this.page!;
    try {
      await page.getByTestId(`bal-${bal}`).click();
      await page.getByTestId(`folder-${folder}`).click({ timeout: 60_000 });
      await page.getByTestId(`folder-${folder}`).and(page.locator('[aria-selected="true"]')).waitFor({ timeout: 60_000 });
      await page.getByTestId('message-row').first().waitFor({ timeout: 60_000 });
    } catch (e) {
      this.errors.push(`scroll: opening ${folder}: ${(e as Error).message.split('\n')[0]}`);
      return;
    }
    await this.phase('scroll', async () => {
      const box = await page.getByTestId('message-list').boundingBox();
      if (!box) throw new Error('message list not visible');
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const half = Date.now() + ms / 2;
      while (Date.now() < half) {
        await page.mouse.wheel(0, 500);
        await sleep(25);
      }
      this.scrolled.rows = (await page.evaluate(`(() => {
        const list = document.querySelector('[data-testid="message-list"]');
        const row = document.querySelector('[data-testid="message-row"]');
        return list && row ? Math.round(list.scrollTop / row.getBoundingClientRect().height) : null;
      })()`)) as number | null;
      await page.getByTestId('message-list').focus();
      const end = Date.now() + ms / 2;
      for (let i = 0; Date.now() < end; i++) {
        await page.keyboard.press(i % 4 === 3 ? 'PageDown' : 'j');
        await sleep(30);
      }
      const index = await page.locator('[role="option"][aria-selected="true"]').first().getAttribute('aria-posinset').catch(() => null);
      this.scrolled.selected = index !== null ? Number(index) : null;
    });
  }

  /** Types `query` in the search field one character at a time, then waits for the results. */
  async search(query: string): Promise<void> {
    await this.phase('search', async (page) => {
      await page.getByTestId('message-list').focus();
      await page.keyboard.press('/');
      await page.locator('#search-input').waitFor();
      for (const ch of query) {
        await page.keyboard.type(ch);
        await sleep(120);
      }
      await page.getByTestId('list-title').filter({ hasText: /résultat|Aucun/ }).or(page.getByTestId('search-none')).first().waitFor({ timeout: 60_000 });
      await sleep(1000);
    });
  }

  /** Stops everything and returns the figures (null where nothing was measured). */
  async close(): Promise<LoadUiFigures> {
    if (this.sampler) clearInterval(this.sampler);
    let frames: number[] = [];
    let long: number[] | null = null;
    if (this.page && this.reason === null) {
      try {
        const p = (await this.page.evaluate('({ frames: window.__probe.frames, long: window.__probe.longSupported ? window.__probe.long : null })')) as { frames: number[]; long: number[] | null };
        frames = p.frames;
        long = p.long;
      } catch (e) {
        this.reason = `frames not collected: ${(e as Error).message.split('\n')[0]}`;
      }
    }
    await this.browser?.close().catch(() => {});
    if (this.host && this.host.exitCode === null) {
      const exited = new Promise((r) => this.host!.once('exit', r));
      this.host.kill('SIGTERM');
      if (!(await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]))) this.host.kill('SIGKILL');
    }
    for (const d of this.dirs) fs.rmSync(d, { recursive: true, force: true });

    const inWindows = (names: string[] | null) => {
      const ws = this.windows.filter((w) => w.end !== null && (!names || names.includes(w.name)));
      const within = (t: number) => ws.some((w) => t >= w.start && t <= w.end!);
      const deltas: number[] = [];
      for (let i = 0; i < frames.length; i += 2) if (within(frames[i]!)) deltas.push(frames[i + 1]!);
      const longs = long ? long.filter((_, i) => i % 2 === 1 && within(long![i - 1]!)) : null;
      return stats(deltas, longs);
    };
    const phases: Record<string, FrameStats> = {};
    for (const name of new Set(this.windows.map((w) => w.name))) phases[name] = inWindows([name]);
    const head = inWindows(HEADLINE);
    const check = phases.probeSelfCheck;
    const measured = this.reason === null && head.frames > 0;
    return {
      measured,
      reason: this.reason ?? (measured ? null : 'no frame recorded during burst/scroll/search'),
      frameSamples: measured ? head.frames : null,
      frameP95Ms: measured ? head.p95Ms : null,
      frameMaxMs: measured ? head.maxMs : null,
      longTasks: measured ? head.longTasks : null,
      phases,
      hostRssMaxMb: this.rss.host ? mb(this.rss.host) : null,
      browserPssMaxMb: this.rss.browser ? mb(this.rss.browser) : null,
      listTotalAfterBurst: this.listSeen,
      scrolledRows: this.scrolled.rows,
      selectedRow: this.scrolled.selected,
      pageHeapMaxMb: this.rss.heap ? mb(this.rss.heap) : null,
      probeSelfCheck: check && this.reason === null ? (check.maxMs ?? 0) >= 200 && check.longTasks !== 0 : null,
      errors: this.errors.slice(0, 10),
    };
  }
}
