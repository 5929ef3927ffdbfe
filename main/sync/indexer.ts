// Text extraction and full-text indexing, off the sync path (issue #15). Fed by the durable fts_queue table
// (migration 010): each round takes the newest queued messages whose raw source is stored, parses each
// one once (body-parser.ts), then stores text/HTML/attachments and their index entries and removes their
// queue rows in one transaction; then indexes queued messages whose text is already stored (or, after a
// while, those still without a source, from their headers). A crash or quit leaves the queue as it was
// after the last committed round: the next run resumes there.
// Runs in its own worker thread with its own connection (index-worker.ts), or in the engine's thread
// (SyncEngine's default in process: tests).
import { errorFields, log } from '../log';
import { IndexQueries, type Extracted } from '../store/index-queries';
import type { StoreWriter } from '../store/writer';
import { parseRawMessage } from './body-parser';

export interface IndexProgress {
  /** Messages still waiting to be indexed (not found by full-text search yet, see the search fallback). */
  pending: number;
  /** Messages indexed since this indexer started. */
  indexed: number;
}

export interface IndexerOptions {
  /** Raw sources parsed per round (one transaction). Default 64. */
  extractBatch?: number;
  /** ...or about this many bytes of raw source. Default 8 MiB. */
  extractBytes?: number;
  /** Messages with stored text indexed per round. Default 500. */
  readyBatch?: number;
  /** A message still without a raw source after this long is indexed from its headers. Default 2 min. */
  headersOnlyAfterMs?: number;
  /** Wait when nothing is ready. Default 500 ms. */
  idleMs?: number;
  /** Least time between two progress reports while busy. Default 250 ms. */
  progressEveryMs?: number;
  now?: () => number;
}

export class Indexer {
  private readonly q: IndexQueries;
  private readonly o: Required<Omit<IndexerOptions, 'now'>>;
  private readonly now: () => number;
  private stopping = false;
  private running: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private indexed = 0;
  private lastReport = 0;
  private lastPending = -1;

  constructor(writer: StoreWriter, private readonly onProgress: (p: IndexProgress) => void = () => {}, options: IndexerOptions = {}) {
    this.q = new IndexQueries(writer);
    this.now = options.now ?? Date.now;
    this.o = {
      extractBatch: options.extractBatch ?? 64,
      extractBytes: options.extractBytes ?? 8 * 1024 * 1024,
      readyBatch: options.readyBatch ?? 500,
      headersOnlyAfterMs: options.headersOnlyAfterMs ?? 120_000,
      idleMs: options.idleMs ?? 500,
      progressEveryMs: options.progressEveryMs ?? 250,
    };
  }

  pending(): number {
    return this.q.pending();
  }

  /** One round; returns how many messages it indexed (0: nothing ready). */
  async step(): Promise<number> {
    let n = 0;
    const raws = this.q.takeRawToExtract(this.o.extractBatch, this.o.extractBytes);
    if (raws.length > 0) {
      const extracted: Extracted[] = [];
      for (const r of raws) {
        if (this.stopping) break;
        const p = await parseRawMessage(r.raw); // never throws: an unreadable message is kept as its source text
        extracted.push({ id: r.id, body: { text: p.text, html: p.html, rawSize: p.rawSize, smime: p.smime }, attachments: p.attachments });
      }
      n += this.q.storeExtracted(extracted);
    }
    if (!this.stopping) n += this.q.indexReady(this.o.readyBatch, this.now() - this.o.headersOnlyAfterMs);
    this.indexed += n;
    return n;
  }

  /** Runs rounds until stop(); reports progress. */
  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.loop().finally(() => {
      this.running = null;
    });
  }

  /** New work was queued: no need to wait for the idle period. */
  wake(): void {
    this.wakeUp?.();
  }

  /** Finishes the current round (its transaction commits or never started), then returns. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.running;
  }

  private report(force: boolean): void {
    const t = this.now();
    if (!force && t - this.lastReport < this.o.progressEveryMs) return;
    const pending = this.q.pending();
    if (!force && pending === this.lastPending) return;
    this.lastReport = t;
    this.lastPending = pending;
    this.onProgress({ pending, indexed: this.indexed });
  }

  private async loop(): Promise<void> {
    this.report(true);
    while (!this.stopping) {
      let n = 0;
      try {
        n = await this.step();
      } catch (err) {
        // Busy database beyond the timeout, disk full...: the queue is intact; try again after a pause.
        log.warn('index.round-failed', errorFields(err));
      }
      if (n > 0) {
        this.report(false);
        await new Promise((r) => setImmediate(r)); // let the thread's other work run between rounds
        continue;
      }
      this.report(false);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => { this.wakeUp = null; resolve(); }, this.o.idleMs);
        this.wakeUp = () => { clearTimeout(timer); this.wakeUp = null; resolve(); };
      });
    }
  }
}
