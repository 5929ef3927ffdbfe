// One pass at a time: a kick during a pass makes it run once more when it ends (never two passes in
// parallel, never a lost kick). Used by the outbox sender and the server drafts sync.
export class CoalescedPass {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly pass: () => Promise<void>,
    private readonly o: { stopped: () => boolean; onError: (err: unknown) => void; after?: () => void },
  ) {}

  /** Runs a pass soon (coalesced); resolves when the pass that covers this call is done. */
  kick(): Promise<void> {
    if (this.o.stopped()) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.pass();
        } while (this.again && !this.o.stopped());
      } catch (err) {
        this.o.onError(err);
      } finally {
        this.running = null;
        this.o.after?.();
      }
    })();
    return this.running;
  }

  /** From inside a pass: one more pass once this one ends. */
  repeat(): void {
    this.again = true;
  }
}
