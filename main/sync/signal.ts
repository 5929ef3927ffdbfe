// A wake-up signal: wait(ms) resolves after ms or at the next notify(), whichever comes first.
export class Signal {
  private waiters: Array<() => void> = [];
  private pendingNotify = false;

  /** Resolves true when notified (or a notification was pending), false on timeout. */
  wait(ms: number): Promise<boolean> {
    if (this.pendingNotify) {
      this.pendingNotify = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      let done = false;
      const finish = (v: boolean) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== wake);
        resolve(v);
      };
      const wake = () => finish(true);
      const timer = setTimeout(() => finish(false), Math.max(0, ms));
      this.waiters.push(wake);
    });
  }

  notify(): void {
    if (this.waiters.length === 0) {
      this.pendingNotify = true;
      return;
    }
    const ws = this.waiters;
    this.waiters = [];
    ws.forEach((w) => w());
  }

  get pending(): boolean {
    return this.pendingNotify;
  }
}
