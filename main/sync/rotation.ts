// Connection rotation: when a person has more BALs than the connection budget, the most recently shown
// BALs keep a connection of their own (IDLE) and the others take turns on the remaining slot(s): connect,
// folder list (LIST-STATUS), changed folders (QRESYNC), queued changes, a few bodies, disconnect.
// Turns go to the BAL whose last turn started longest ago (a BAL with queued changes or a syncNow is due at
// once) and last at most `turnMs`, so each rotating BAL is refreshed at least every
// max(periodMs, turnMs × ceil(rotating BALs / slots)).
import { errorFields, log } from '../log';

export interface RotationMember {
  /** One turn; resolves when the BAL has disconnected (or never connected). */
  turn(maxMs: number): Promise<void>;
}

export interface ConnectionPlan<T> {
  /** BALs that keep their own connection, most recently shown first. */
  residents: T[];
  rotating: T[];
  /** Connections left for the rotation (0 when nobody rotates). */
  slots: number;
}

/**
 * Who keeps a connection. Every BAL while there are no more BALs than the budget; otherwise the
 * `budget - 1` most recently shown (lastUsed, then start order) keep one each and one slot rotates the
 * others (with a budget of 1, everyone rotates).
 */
export function planConnections<T>(accounts: T[], lastUsed: (a: T) => number, budget: number): ConnectionPlan<T> {
  if (accounts.length <= budget) return { residents: [...accounts], rotating: [], slots: 0 };
  const order = accounts.map((a, i) => ({ a, i })).sort((x, y) => lastUsed(y.a) - lastUsed(x.a) || x.i - y.i);
  const keep = budget - 1;
  return { residents: order.slice(0, keep).map((x) => x.a), rotating: order.slice(keep).map((x) => x.a), slots: budget - keep };
}

export class Rotation<T extends RotationMember> {
  private members: T[] = [];
  private slots = 0;
  private held = false;
  private readonly lastTurn = new Map<T, number>();
  private readonly urgent = new Set<T>();
  private readonly busy = new Map<T, Promise<void>>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly periodMs: number, private readonly turnMs: number) {}

  /** New members and slot count; turns resume (see hold). */
  configure(members: T[], slots: number): void {
    this.members = [...members];
    this.slots = slots;
    for (const m of [...this.lastTurn.keys()]) if (!this.members.includes(m)) this.lastTurn.delete(m);
    for (const m of [...this.urgent]) if (!this.members.includes(m)) this.urgent.delete(m);
    this.held = false;
    this.pump();
  }

  /** No new turn starts until the next configure() (the engine moves connections meanwhile). */
  hold(): void {
    this.held = true;
  }

  /** A member has work waiting (queued changes, syncNow): due at once. */
  request(m: T): void {
    if (!this.members.includes(m)) return;
    this.urgent.add(m);
    this.pump();
  }

  isMember(m: T): boolean {
    return this.members.includes(m);
  }

  /** The turn under way for a member, if any. */
  turnOf(m: T): Promise<void> | undefined {
    return this.busy.get(m);
  }

  async stop(): Promise<void> {
    this.configure([], 0);
    this.held = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.busy.values()]);
  }

  private pump(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.held) return;
    while (this.busy.size < this.slots) {
      const now = Date.now();
      const idle = this.members.filter((m) => !this.busy.has(m));
      const last = (m: T) => this.lastTurn.get(m) ?? -Infinity;
      const due = idle.filter((m) => this.urgent.has(m) || now - last(m) >= this.periodMs).sort((a, b) => last(a) - last(b));
      const next = due[0];
      if (!next) {
        const wake = Math.min(...idle.map((m) => last(m) + this.periodMs));
        if (Number.isFinite(wake)) this.timer = setTimeout(() => this.pump(), Math.max(10, wake - now));
        return;
      }
      this.urgent.delete(next);
      this.lastTurn.set(next, now);
      const turn = next
        .turn(this.turnMs)
        .catch((err: unknown) => log.error('sync.rotation-turn-failed', errorFields(err)))
        .finally(() => {
          this.busy.delete(next);
          this.pump();
        });
      this.busy.set(next, turn);
    }
  }
}
