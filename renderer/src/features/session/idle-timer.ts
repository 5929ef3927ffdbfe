// The inactivity rule (Ségur SC.SSI/IE.58: the session locks after at most 2 h without activity). Pure
// timing, no DOM: activity only records the time; one timer fires when the delay since the last activity
// could be over, and re-arms itself if there was activity meanwhile (no timer reset on every mouse move).

export class IdleTimer {
  private last: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private fired = false;

  constructor(
    private readonly limitMs: number,
    private readonly onIdle: () => void,
    private readonly now: () => number = Date.now,
  ) {
    this.last = now();
    this.arm();
  }

  /** A key press, a click, a scroll...: the delay starts again. */
  touch(): void {
    this.last = this.now();
    if (this.fired) {
      this.fired = false;
      this.arm();
    }
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(): void {
    this.stop();
    const wait = Math.max(0, this.last + this.limitMs - this.now());
    this.timer = setTimeout(() => this.check(), wait);
  }

  private check(): void {
    this.timer = null;
    if (this.now() - this.last >= this.limitMs) {
      this.fired = true;
      this.onIdle();
    } else {
      this.arm();
    }
  }
}
