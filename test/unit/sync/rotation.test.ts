// Who keeps a connection when a person has more BALs than the budget, and the fairness of rotation turns.
import { describe, expect, it } from 'vitest';
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
    await new Promise((res) => setTimeout(res, 100));
    expect(log).toEqual(['a', 'b', 'c']); // every member once, in turn, then waits for the period
    r.request(ms[2]!);
    await new Promise((res) => setTimeout(res, 40));
    expect(log.at(-1)).toBe('c');
    await new Promise((res) => setTimeout(res, 400));
    await r.stop();
    expect(active.max).toBe(1);
    for (const m of ms) {
      expect(m.turns.length).toBeGreaterThanOrEqual(2);
      for (let i = 1; i < m.turns.length; i++) expect(m.turns[i]! - m.turns[i - 1]!).toBeLessThanOrEqual(150 + 3 * 25);
    }
  });

  it('hold() stops new turns until configure()', async () => {
    const log: string[] = [];
    const m = new Member('a', 5, log, { n: 0, max: 0 });
    const r = new Rotation<Member>(10_000, 100);
    r.hold();
    r.configure([], 1);
    r.hold();
    await new Promise((res) => setTimeout(res, 30));
    expect(log).toEqual([]);
    r.configure([m], 1);
    await new Promise((res) => setTimeout(res, 30));
    expect(log).toEqual(['a']);
    await r.stop();
  });
});
