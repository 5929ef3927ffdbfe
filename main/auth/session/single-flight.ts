// Concurrent callers of run() share one in-flight operation (one refresh for many IMAP reconnections).
export class SingleFlight<T> {
  private current: Promise<T> | null = null;

  run(op: () => Promise<T>): Promise<T> {
    if (this.current) return this.current;
    const p = (async () => op())().finally(() => {
      if (this.current === p) this.current = null;
    });
    this.current = p;
    return p;
  }

  get inFlight(): boolean {
    return this.current !== null;
  }

  /** Forget the in-flight operation (its result will not be shared with later callers). */
  reset(): void {
    this.current = null;
  }
}
