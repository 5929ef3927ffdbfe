import { afterEach, describe, expect, it, vi } from 'vitest';
import { withTimeout } from '../../../main/secrets/timeout';

describe('withTimeout', () => {
  afterEach(() => vi.useRealTimers());

  it('passes results and errors through', async () => {
    await expect(withTimeout(Promise.resolve(1), 50, () => new Error('t'))).resolves.toBe(1);
    await expect(withTimeout(Promise.reject(new Error('boom')), 50, () => new Error('t'))).rejects.toThrow('boom');
  });

  it('rejects a call that never settles once its time limit is reached, not before', async () => {
    vi.useFakeTimers();
    let outcome: unknown = 'pending';
    withTimeout(new Promise(() => {}), 80, () => new Error('hung')).then(
      () => (outcome = 'resolved'),
      (e: Error) => (outcome = e.message),
    );
    await vi.advanceTimersByTimeAsync(79);
    expect(outcome).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(outcome).toBe('hung');
  });
});
