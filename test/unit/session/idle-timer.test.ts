// The inactivity lock rule on a fake clock (never wall time): 2 h without activity locks, activity
// starts the delay again, a shorter delay applies, and it fires once until there is activity again.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IdleTimer } from '../../../renderer/src/features/session/idle-timer';

const MIN = 60_000;

describe('IdleTimer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires after the delay without activity, not before', () => {
    const onIdle = vi.fn();
    const t = new IdleTimer(120 * MIN, onIdle);
    vi.advanceTimersByTime(120 * MIN - 1);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(600 * MIN);
    expect(onIdle).toHaveBeenCalledTimes(1);
    t.stop();
  });

  it('activity starts the delay again', () => {
    const onIdle = vi.fn();
    const t = new IdleTimer(10 * MIN, onIdle);
    vi.advanceTimersByTime(9 * MIN);
    t.touch();
    vi.advanceTimersByTime(9 * MIN);
    expect(onIdle).not.toHaveBeenCalled();
    t.touch();
    vi.advanceTimersByTime(10 * MIN - 1);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    t.stop();
  });

  it('after it fired, activity arms it again', () => {
    const onIdle = vi.fn();
    const t = new IdleTimer(5 * MIN, onIdle);
    vi.advanceTimersByTime(5 * MIN);
    expect(onIdle).toHaveBeenCalledTimes(1);
    t.touch();
    vi.advanceTimersByTime(5 * MIN);
    expect(onIdle).toHaveBeenCalledTimes(2);
    t.stop();
  });

  it('stopped, it never fires', () => {
    const onIdle = vi.fn();
    const t = new IdleTimer(MIN, onIdle);
    t.stop();
    vi.advanceTimersByTime(10 * MIN);
    expect(onIdle).not.toHaveBeenCalled();
  });
});
