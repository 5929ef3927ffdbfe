// Keeps the write-ahead log bounded (issue #15: it grew to 1.1 GB during a large sync). SQLite's automatic
// checkpoint (PASSIVE, every 1000 pages) stops short while another connection (the UI's reader, the index
// worker) reads an older snapshot, and the WAL file is only reused from its start, never shrunk, once a
// checkpoint went through and no reader uses it; a long sync with readers always busy lets it grow without
// end. So the writer:
//  - sets journal_size_limit (db.ts): the file is cut back to it whenever the WAL restarts;
//  - after each of its transactions, when the WAL file is over `maxBytes`, runs wal_checkpoint(TRUNCATE)
//    with a short busy timeout (it waits that long for readers to move to the newest snapshot; else it is
//    tried again a little later, the pages written back meanwhile are not written twice);
//  - the same when it has been idle for `idleMs` with a WAL left over.
import fs from 'node:fs';
import type { Db } from './db';

export interface WalCheckpointOptions {
  /** WAL file size beyond which the next commit checkpoints and truncates it. Default 64 MiB. */
  maxBytes?: number;
  /** Idle time after the last commit before the WAL is checkpointed and truncated. Default 2 s. */
  idleMs?: number;
  /** How long a checkpoint waits for readers (busy timeout). Default 200 ms. */
  busyMs?: number;
  /** After a checkpoint found readers in the way, commits do not try again for this long. Default 1 s. */
  retryMs?: number;
}

export const WAL_MAX_BYTES = 64 * 1024 * 1024;

export class WalCheckpointer {
  private readonly walFile: string | null;
  private readonly o: Required<WalCheckpointOptions>;
  private idleTimer: NodeJS.Timeout | null = null;
  private notBefore = 0;
  /** Checkpoints that went through (WAL truncated). */
  completed = 0;
  /** Checkpoints that found a reader or another writer in the way (retried later). */
  busy = 0;

  constructor(private readonly db: Db, options: WalCheckpointOptions = {}) {
    this.walFile = db.memory || !db.name ? null : `${db.name}-wal`;
    this.o = {
      maxBytes: options.maxBytes ?? WAL_MAX_BYTES, idleMs: options.idleMs ?? 2000, busyMs: options.busyMs ?? 200, retryMs: options.retryMs ?? 1000,
    };
  }

  /** Size of the WAL file now (0: none). */
  walBytes(): number {
    if (!this.walFile) return 0;
    try {
      return fs.statSync(this.walFile).size;
    } catch {
      return 0;
    }
  }

  /** Called by the writer after each transaction it committed. */
  afterCommit(): void {
    if (!this.walFile) return;
    // A reader in the way costs each attempt up to busyMs: after one, commits go on unhindered for retryMs.
    if (performance.now() >= this.notBefore && this.walBytes() > this.o.maxBytes && !this.checkpoint()) {
      this.notBefore = performance.now() + this.o.retryMs;
    }
    this.armIdle();
  }

  /**
   * Writes the WAL back into the database and truncates it. False when a reader still used older pages
   * (or another connection was writing) after `busyMs`: nothing is lost, the WAL just stays for now.
   */
  checkpoint(): boolean {
    if (!this.walFile || !this.db.open || this.db.inTransaction) return false;
    const previous = Number(this.db.pragma('busy_timeout', { simple: true }));
    this.db.pragma(`busy_timeout = ${this.o.busyMs}`);
    try {
      const [r] = this.db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
      const ok = !!r && Number(r.busy) === 0;
      if (ok) this.completed++;
      else this.busy++;
      return ok;
    } catch {
      this.busy++; // SQLITE_BUSY/LOCKED: another connection holds the lock
      return false;
    } finally {
      if (this.db.open) this.db.pragma(`busy_timeout = ${previous}`);
    }
  }

  stop(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private armIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (!this.db.open) return;
      if (this.walBytes() > 0 && !this.checkpoint()) this.armIdle();
    }, this.o.idleMs);
    this.idleTimer.unref();
  }
}
