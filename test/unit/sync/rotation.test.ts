// Who keeps a connection when a person has more BALs than the budget, and the fairness of rotation turns.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { planConnections, Rotation, type RotationMember } from '../../../main/sync/rotation';

describe('planConnections', () => {
  const used: Record<string, number> = { a: 0, b: 5, c: 0, d: 9, e: 0 };
  const all = ['a', 'b', 'c', 'd', 'e'];
  it('everyone keeps a connection while the BALs fit in the budget', () => {
    expect(planConnections(all, (x) => used[x]!, 5)).toEqual({ residents: all, rotating: [], slots: 0 });
  });
  it('over the budget: the budget - 1 most recently shown keep one, one slot rotates the others', () => {
    const p = planConnections(all, (x) => used[x]!, 3);
    expect(p.residents).toEqual(['d', 'b']);
    expect(p.rotating).toEqual(['a', 'c', 'e']);
    expect(p.slots).toBe(1);
  });
  it('never shown: start order decides; a budget of 1 rotates everyone', () => {
    expect(planConnections(['x', 'y', 'z'], () => 0, 2).residents).toEqual(['x']);
    expect(planConnections(['x', 'y'], () => 0, 1)).toEqual({ residents: [], rotating: ['x', 'y'], slots: 1 });
  });
});

describe('Rotation', () => {
  // The rotation is driven by time (period, turn length): a fake clock makes each step exact, so the
  // fairness bound below is the schedule's, not the machine's load.
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
  afterEach(() => vi.useRealTimers());
  const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);

  class Member implements RotationMember {
    turns: number[] = [];
    constructor(readonly name: string, private readonly ms: number, private readonly log: string[], private readonly active: { n: number; max: number }) {}
    async turn(maxMs: number): Promise<void> {
      this.turns.push(Date.now());
      this.log.push(this.name);
      this.active.max = Math.max(this.active.max, ++this.active.n);
      await new Promise((r) => setTimeout(r, Math.min(this.ms, maxMs)));
      this.active.n--;
    }
  }

  it('takes turns fairly within the slots, each member again after the period, urgent ones at once', async () => {
    const log: string[] = [];
    const active = { n: 0, max: 0 };
    const ms = [new Member('a', 20, log, active), new Member('b', 20, log, active), new Member('c', 20, log, active)];
    const r = new Rotation<Member>(150, 100);
    r.configure(ms, 1);
    await advance(100);
    expect(log).toEqual(['a', 'b', 'c']); // every member once, in turn, then waits for the period
    r.request(ms[2]!);
    await advance(40);
    expect(log.at(-1)).toBe('c');
    expect(log).toEqual(['a', 'b', 'c', 'c']); // urgent: at once, before a's period is over
    await advance(400);
    const stopped = r.stop();
    await advance(100);
    await stopped;
    expect(active.max).toBe(1);
    for (const m of ms) {
      expect(m.turns.length).toBeGreaterThanOrEqual(2);
      // Never kept waiting longer than the period plus the turns of the two others.
      for (let i = 1; i < m.turns.length; i++) expect(m.turns[i]! - m.turns[i - 1]!).toBeLessThanOrEqual(150 + 2 * 20);
    }
  });

  it('hold() stops new turns until configure()', async () => {
    const log: string[] = [];
    const m = new Member('a', 5, log, { n: 0, max: 0 });
    const r = new Rotation<Member>(10_000, 100);
    r.hold();
    r.configure([], 1);
    r.hold();
    await advance(30);
    expect(log).toEqual([]);
    r.configure([m], 1);
    await advance(30);
    expect(log).toEqual(['a']);
    await r.stop();
  });
});
