import { describe, expect, it } from 'vitest';
import { BridgeError, createApi } from '../../../shared/bridge-client';

describe('bridge client (preload side)', () => {
  it('unwraps results and rethrows errors with their code', async () => {
    const api = createApi(
      {
        invoke: async (name) => (name === 'settings.get' ? { ok: true, value: { language: 'fr' } } : { ok: false, error: { code: 'e', message: 'm' } }),
        subscribe: () => () => undefined,
      },
      'browser',
    );
    await expect(api.invoke('settings.get')).resolves.toEqual({ language: 'fr' });
    await expect(api.invoke('session.get')).rejects.toMatchObject({ code: 'e', message: 'm' });
    await expect(api.invoke('session.get')).rejects.toBeInstanceOf(BridgeError);
  });

  it('refuses names outside the contract before reaching the transport', async () => {
    let reached = false;
    const api = createApi({ invoke: async () => { reached = true; return { ok: true, value: 1 }; }, subscribe: () => () => undefined }, 'browser');
    // @ts-expect-error not in the contract
    await expect(api.invoke('fs.readFile')).rejects.toMatchObject({ code: 'bridge.unknown-call' });
    // @ts-expect-error not in the contract
    expect(() => api.on('nope', () => undefined)).toThrow(BridgeError);
    expect(reached).toBe(false);
    expect(Object.isFrozen(api)).toBe(true);
  });
});
