// The trust list the running app uses: loaded once at start-up in a worker thread (the official copy and
// the last good copy from the profile, the newer one by DateDeGeneration wins), cached, then refreshed
// from the published list. Lookups are Map reads (O(1)); callers that need the list before the first load
// finished await ready().
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { errorFields, log } from '../log';
import { AutoconfigError } from './errors';
import {
  EMPTY_TRUST_LIST, indexTrustList, isDomainTrusted, newerList, readLastGood, readOfficialTrustList, refreshTrustList, sha256Hex,
  trustListInfo, type RefreshOptions, type TrustList, type TrustListInfo,
} from './trust-list';
import type { ParsedTrustList } from './trust-list-xml';
import type { NetOptions, Warning } from './types';

function workerEntry(): { file: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  const dir = path.dirname(here);
  if (here.endsWith('.ts')) return { file: path.join(dir, 'trust-list-worker.ts'), execArgv: ['--import', 'tsx'] };
  // Bundled: out/main/index.js, out/host/index.js or out/chunks/*.js.
  const candidates = [path.join(dir, 'trust-list-worker.js'), path.join(dir, '..', 'main', 'trust-list-worker.js')];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`trust-list worker bundle not found (looked in ${candidates.join(', ')})`);
  return { file: found, execArgv: [] };
}

/** Parses a list in a short-lived worker thread. */
export function parseTrustListInWorker(bytes: Buffer): Promise<ParsedTrustList> {
  const entry = workerEntry();
  return new Promise((resolve, reject) => {
    const worker = new Worker(entry.file, { workerData: new Uint8Array(bytes), execArgv: entry.execArgv });
    worker.once('message', (m: { ok: true; parsed: ParsedTrustList } | { ok: false; code: AutoconfigError['code']; message: string }) => {
      if (m.ok) resolve(m.parsed);
      else reject(new AutoconfigError(m.code, m.message));
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`trust-list worker exited (${code})`)));
  });
}

export interface TrustListServiceOptions {
  profileDir: string;
  testMode: boolean;
  /** Network settings of the refresh (roots, revocation, test port map). */
  net: NetOptions;
  /** The published list and its checksum (defaults: the ANS list, no checksum). */
  url?: string;
  checksumUrl?: string;
  /** Official copy bytes (default: the reference data's file, fingerprint checked). */
  readOfficial?: () => Buffer;
  parse?: (bytes: Buffer) => Promise<ParsedTrustList>;
}

export class TrustListService {
  private list: TrustList | null = null;
  private loading: Promise<TrustList> | null = null;
  private firstRefresh: Promise<unknown> | null = null;
  private readonly parse: (bytes: Buffer) => Promise<ParsedTrustList>;
  /** Milliseconds the first load took (reading and parsing, off the event loop); printed by tests. */
  loadMs: number | null = null;
  lastWarning: Warning | null = null;

  constructor(private readonly o: TrustListServiceOptions) {
    this.parse = o.parse ?? parseTrustListInWorker;
  }

  /** Starts loading (idempotent) and resolves with the list; a list that cannot load gives an empty one. */
  async ready(): Promise<TrustList> {
    this.loading ??= this.load();
    await this.loading;
    return this.list ?? EMPTY_TRUST_LIST; // the refreshed list once a refresh succeeded
  }

  /** The list if loaded, else null (never blocks). */
  current(): TrustList | null {
    return this.list;
  }

  private async parseOne(bytes: Buffer | null, origin: TrustList['origin'], what: string): Promise<TrustList | null> {
    if (!bytes) return null;
    try {
      return indexTrustList(await this.parse(bytes), origin, sha256Hex(bytes));
    } catch (err) {
      log.warn('trust-list.unreadable', { what, ...errorFields(err) });
      return null;
    }
  }

  private async load(): Promise<TrustList> {
    const t0 = performance.now();
    let official: Buffer | null = null;
    try {
      official = (this.o.readOfficial ?? readOfficialTrustList)();
    } catch (err) {
      log.warn('trust-list.official-missing', errorFields(err));
    }
    const [a, b] = await Promise.all([this.parseOne(official, 'official', 'official'), this.parseOne(readLastGood(this.o.profileDir), 'last-good', 'last-good')]);
    this.list = newerList(a, b) ?? EMPTY_TRUST_LIST;
    this.loadMs = performance.now() - t0;
    return this.list;
  }

  /** Loads, then refreshes once (start-up); later calls share that first refresh. */
  start(): Promise<unknown> {
    this.firstRefresh ??= this.ready().then(() => this.refresh());
    return this.firstRefresh;
  }

  /** The list after the start-up refresh settled (or at once when none was started): for account setup. */
  async settled(): Promise<TrustList> {
    if (this.firstRefresh) await this.firstRefresh;
    return this.ready();
  }

  /** Fetches the published list; keeps the current one (and says so) when that fails. */
  async refresh(): Promise<{ list: TrustList; warning?: Warning }> {
    const fallback = await this.ready();
    const opts: RefreshOptions = { ...this.o.net, fallback, profileDir: this.o.profileDir, parse: this.parse, ...(this.o.url ? { url: this.o.url } : {}), ...(this.o.checksumUrl ? { checksumUrl: this.o.checksumUrl } : {}) };
    const r = await refreshTrustList(opts);
    this.list = r.list;
    this.lastWarning = r.warning ?? null;
    return r;
  }

  async isTrusted(domain: string): Promise<boolean> {
    return isDomainTrusted(domain, await this.ready(), this.o.testMode);
  }

  async info(domain: string): Promise<TrustListInfo | null> {
    return trustListInfo(domain, await this.ready());
  }
}
