// Connection budget: the operator caps simultaneous IMAP connections per person across all BALs.
// Every connection the engine opens holds one slot from before the TCP connect until the socket is closed.

export class ConnectionBudget {
  private used = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(private max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError('connection budget must be a positive integer');
  }

  get limit(): number {
    return this.max;
  }

  /** A new cap (another operator's BAL was added): a lower one takes effect as connections close. */
  setLimit(limit: number): void {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('connection budget must be a positive integer');
    this.max = limit;
    while (this.used < this.max && this.waiters.length > 0) this.waiters.shift()!();
  }

  get inUse(): number {
    return this.used;
  }

  get available(): number {
    return this.max - this.used;
  }

  /** Takes a slot now if one is free (never waits). */
  tryAcquire(): boolean {
    if (this.used >= this.max) return false;
    this.used++;
    return true;
  }

  /** Waits for a slot. */
  acquire(): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(() => { this.used++; resolve(); }));
  }

  release(): void {
    if (this.used <= 0) throw new Error('connection budget released more than acquired');
    this.used--;
    const next = this.used < this.max ? this.waiters.shift() : undefined;
    if (next) next();
  }
}
