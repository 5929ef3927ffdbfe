import { afterEach, describe, expect, it, vi } from 'vitest';
import { DisposableStore, toDisposable } from '../../../main/lifecycle/disposable';

afterEach(() => vi.useRealTimers());

describe('DisposableStore', () => {
  it('disposes last registered first, once, and keeps going past a failure', async () => {
    const store = new DisposableStore();
    const order: string[] = [];
    store.add(toDisposable(() => void order.push('cache')));
    store.add(toDisposable(() => {
      order.push('sync');
      throw new Error('boom');
    }));
    store.add(toDisposable(async () => void order.push('sending')));
    expect(store.size).toBe(3);
    await store.dispose();
    await store.dispose();
    expect(order).toEqual(['sending', 'sync', 'cache']);
    expect(store.size).toBe(0);
    expect(store.isDisposed).toBe(true);
  });

  it('disposes at once what is added after it was disposed', async () => {
    const store = new DisposableStore();
    await store.dispose();
    const d = vi.fn();
    store.add(toDisposable(d));
    expect(d).toHaveBeenCalledTimes(1);
    expect(store.size).toBe(0);
  });

  it('clears its timers: an interval and a pending timeout never run after dispose, a timeout that ran is forgotten', async () => {
    vi.useFakeTimers();
    const store = new DisposableStore();
    const tick = vi.fn();
    const late = vi.fn();
    const early = vi.fn();
    store.interval(tick, 1000);
    store.timeout(early, 500);
    store.timeout(late, 10_000);
    vi.advanceTimersByTime(2000);
    expect(tick).toHaveBeenCalledTimes(2);
    expect(early).toHaveBeenCalledTimes(1);
    expect(store.size).toBe(2); // the interval and the late timeout
    await store.dispose();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(20_000);
    expect(tick).toHaveBeenCalledTimes(2);
    expect(late).not.toHaveBeenCalled();
  });
});
