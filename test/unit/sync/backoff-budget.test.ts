import { describe, expect, it } from 'vitest';
import { Backoff, backoffDelay } from '../../../main/sync/backoff';
import { ConnectionBudget } from '../../../main/sync/budget';
import { Mutex } from '../../../main/sync/mutex';
import { Signal } from '../../../main/sync/signal';

describe('backoff', () => {
  const o = { baseMs: 1000, maxMs: 60_000 };
  it('grows exponentially, capped, with jitter in [ceiling/2, ceiling]', () => {
    expect(backoffDelay(0, o, () => 0)).toBe(500);
    expect(backoffDelay(0, o, () => 0.999999)).toBe(1000);
    expect(backoffDelay(3, o, () => 0)).toBe(4000);
    expect(backoffDelay(3, o, () => 0.5)).toBe(6000);
    expect(backoffDelay(10, o, () => 0)).toBe(30_000);
    expect(backoffDelay(10, o, () => 0.999999)).toBe(60_000);
    expect(backoffDelay(1000, o, () => 1)).toBe(60_000);
    expect(backoffDelay(-5, o, () => 0)).toBe(500);
  });
  it('jitter spreads clients that failed together', () => {
    const values = new Set(Array.from({ length: 50 }, () => backoffDelay(4, o)));
    expect(values.size).toBeGreaterThan(10);
    for (const v of values) {
      expect(v).toBeGreaterThanOrEqual(8000);
      expect(v).toBeLessThanOrEqual(16_000);
    }
  });
  it('Backoff counts failures and resets', () => {
    const b = new Backoff(o, () => 0);
    expect([b.next(), b.next(), b.next()]).toEqual([500, 1000, 2000]);
    expect(b.failures).toBe(3);
    b.reset();
    expect(b.next()).toBe(500);
  });
});

describe('connection budget', () => {
  it('never hands out more slots than its limit; waiters get freed slots in order', async () => {
    const b = new ConnectionBudget(2);
    expect(b.tryAcquire()).toBe(true);
    await b.acquire();
    expect(b.tryAcquire()).toBe(false);
    const order: number[] = [];
    const w1 = b.acquire().then(() => order.push(1));
    const w2 = b.acquire().then(() => order.push(2));
    expect(b.inUse).toBe(2);
    b.release();
    await w1;
    expect(order).toEqual([1]);
    expect(b.inUse).toBe(2);
    b.release();
    await w2;
    expect(order).toEqual([1, 2]);
    b.release();
    b.release();
    expect(b.inUse).toBe(0);
    expect(() => b.release()).toThrow();
  });
  it('rejects a non-positive limit', () => {
    expect(() => new ConnectionBudget(0)).toThrow(RangeError);
    expect(() => new ConnectionBudget(1.5)).toThrow(RangeError);
  });
});

describe('mutex and signal', () => {
  it('runs tasks one at a time, in order, even when one fails', async () => {
    const m = new Mutex();
    const log: string[] = [];
    const slow = (name: string, ms: number, fail = false) => m.run(async () => {
      log.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    });
    const results = await Promise.allSettled([slow('a', 20, true), slow('b', 1), slow('c', 5)]);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(m.busy).toBe(false);
  });
  it('signal: timeout, notify, and a notification that came first', async () => {
    const s = new Signal();
    expect(await s.wait(10)).toBe(false);
    const p = s.wait(10_000);
    s.notify();
    expect(await p).toBe(true);
    s.notify();
    expect(s.pending).toBe(true);
    expect(await s.wait(10_000)).toBe(true);
    expect(s.pending).toBe(false);
  });
});
