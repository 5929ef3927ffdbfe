// One lifecycle for what keeps running: timers, listeners, workers, connections (VS Code's
// Disposable / DisposableStore are the model). Whoever starts something registers how to stop it in a
// store; disposing the store stops everything it holds, last registered first, once.
import { errorFields, log } from '../log';

export interface Disposable {
  dispose(): void | Promise<void>;
}

export function toDisposable(fn: () => void | Promise<void>): Disposable {
  let done = false;
  return {
    dispose() {
      if (done) return;
      done = true;
      return fn();
    },
  };
}

export class DisposableStore implements Disposable {
  private readonly items: Disposable[] = [];
  private disposed = false;

  /** Registers d; a store already disposed disposes it at once (nothing outlives its owner). */
  add<T extends Disposable>(d: T): T {
    if (this.disposed) {
      log.warn('lifecycle.added-after-dispose', {});
      void Promise.resolve(d.dispose()).catch((err) => log.warn('lifecycle.dispose-failed', errorFields(err)));
      return d;
    }
    this.items.push(d);
    return d;
  }

  /** Disposes d now and forgets it. */
  async delete(d: Disposable): Promise<void> {
    const i = this.items.indexOf(d);
    if (i >= 0) this.items.splice(i, 1);
    await d.dispose();
  }

  /** A timeout that is cleared with the store and forgotten once it has run. */
  timeout(fn: () => void, ms: number): Disposable {
    const d = toDisposable(() => clearTimeout(timer));
    const timer = setTimeout(() => {
      this.forget(d);
      fn();
    }, ms);
    return this.add(d);
  }

  /** An interval cleared with the store. */
  interval(fn: () => void, ms: number, opts: { unref?: boolean } = {}): Disposable {
    const timer = setInterval(fn, ms);
    if (opts.unref) timer.unref();
    return this.add(toDisposable(() => clearInterval(timer)));
  }

  /** How many things are still registered (0 once disposed). */
  get size(): number {
    return this.items.length;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Disposes everything, last registered first; one failure does not stop the others. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    while (this.items.length > 0) {
      const d = this.items.pop()!;
      try {
        await d.dispose();
      } catch (err) {
        log.warn('lifecycle.dispose-failed', errorFields(err));
      }
    }
  }

  private forget(d: Disposable): void {
    const i = this.items.indexOf(d);
    if (i >= 0) this.items.splice(i, 1);
  }
}
