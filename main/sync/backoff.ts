// Reconnection delays: exponential growth capped at maxMs, with "equal jitter" (half fixed, half random)
// so that many clients dropped together by a server restart do not reconnect in lockstep.
import type { BackoffOptions } from './types';

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, maxMs: 60_000 };

/** Delay before reconnection attempt number `attempt` (0 = first retry). `random` in [0, 1). */
export function backoffDelay(attempt: number, o: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const n = Math.max(0, Math.min(Math.trunc(attempt), 30));
  const ceiling = Math.min(o.maxMs, o.baseMs * 2 ** n);
  const half = ceiling / 2;
  return Math.round(half + random() * half);
}

/** Tracks consecutive failures; reset once a session got far enough to be considered healthy. */
export class Backoff {
  private attempt = 0;
  constructor(private readonly options: BackoffOptions = DEFAULT_BACKOFF, private readonly random: () => number = Math.random) {}
  next(): number {
    return backoffDelay(this.attempt++, this.options, this.random);
  }
  reset(): void {
    this.attempt = 0;
  }
  get failures(): number {
    return this.attempt;
  }
}
