// Pending CIBA requests (what the "phone" of each person would show) and poll pacing per auth_req_id.
export type CibaChannel = 'CARD' | 'MOBILE';

export interface PendingCiba {
  authReqId: string;
  idNat: string;
  clientId: string;
  bindingMessage: string | null;
  channel: CibaChannel;
  scope: string;
  createdAt: number;
  expiresAt: number;
}

interface PollState {
  last: number;
  /** seconds the client must currently wait between polls (grows by 5 s after each slow_down) */
  interval: number;
  expiresAt: number;
}

export class CibaRegistry {
  private readonly pending = new Map<string, PendingCiba>();
  private readonly polls = new Map<string, PollState>();

  constructor(readonly intervalSeconds: number) {}

  add(request: PendingCiba): void {
    this.pending.set(request.authReqId, request);
  }

  remove(authReqId: string): void {
    this.pending.delete(authReqId);
  }

  get(authReqId: string): PendingCiba | undefined {
    this.prune();
    return this.pending.get(authReqId);
  }

  list(): PendingCiba[] {
    this.prune();
    return [...this.pending.values()].sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Oldest pending request of a person. */
  oldestFor(idNat: string): PendingCiba | undefined {
    return this.list().find((p) => p.idNat === idNat);
  }

  /**
   * Records a poll that got `authorization_pending`; true when it came sooner than the interval
   * (the answer becomes `slow_down` and the required interval grows by 5 s, as CIBA Core §11 says).
   */
  pollIsTooFast(authReqId: string, now = Date.now()): boolean {
    const state = this.polls.get(authReqId);
    if (!state) {
      this.polls.set(authReqId, { last: now, interval: this.intervalSeconds, expiresAt: now + 15 * 60_000 });
      return false;
    }
    // 100 ms tolerance for timer jitter on the client side.
    const tooFast = now - state.last < state.interval * 1000 - 100;
    state.last = now;
    if (tooFast) state.interval += 5;
    return tooFast;
  }

  private prune(now = Date.now()): void {
    for (const [id, p] of this.pending) if (p.expiresAt <= now) this.pending.delete(id);
    for (const [id, s] of this.polls) if (s.expiresAt <= now) this.polls.delete(id);
  }
}
