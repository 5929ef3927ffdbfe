import { describe, expect, it } from 'vitest';
import { withTimeout } from '../../../main/secrets/timeout';

describe('withTimeout', () => {
  it('passes results and errors through, and rejects a call that never settles', async () => {
    await expect(withTimeout(Promise.resolve(1), 50, () => new Error('t'))).resolves.toBe(1);
    await expect(withTimeout(Promise.reject(new Error('boom')), 50, () => new Error('t'))).rejects.toThrow('boom');
    const start = Date.now();
    await expect(withTimeout(new Promise(() => {}), 80, () => new Error('hung'))).rejects.toThrow('hung');
    expect(Date.now() - start).toBeGreaterThanOrEqual(70);
  });
});
