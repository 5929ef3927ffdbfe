// AppServices.dispose stops everything the services started: every interval is cleared and every
// timeout has either run or been cleared (the outbox's poll interval used to outlive the cache), and the
// composition root's store holds nothing any more.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppServices } from '../../../main/app/app-services';
import { UnprotectedFileSecretStore } from '../../../main/secrets';

/** Records the timers created while it is installed; live() lists those neither run (timeouts) nor cleared. */
function trackTimers() {
  const g = globalThis as unknown as Record<string, (...a: unknown[]) => unknown>;
  const orig = { setTimeout: g.setTimeout!, setInterval: g.setInterval!, clearTimeout: g.clearTimeout!, clearInterval: g.clearInterval! };
  const live = new Map<unknown, string>();
  g.setTimeout = (fn: unknown, ms: unknown, ...rest: unknown[]) => {
    const h = orig.setTimeout((...a: unknown[]) => {
      live.delete(h);
      (fn as (...x: unknown[]) => void)(...a);
    }, ms, ...rest);
    live.set(h, `timeout ${String(ms)} ms: ${new Error().stack?.split('\n').slice(2, 4).join(' | ')}`);
    return h;
  };
  g.setInterval = (fn: unknown, ms: unknown, ...rest: unknown[]) => {
    const h = orig.setInterval(fn, ms, ...rest);
    live.set(h, `interval ${String(ms)} ms: ${new Error().stack?.split('\n').slice(2, 4).join(' | ')}`);
    return h;
  };
  const clear = (h: unknown) => {
    live.delete(h);
    orig.clearTimeout(h);
  };
  g.clearTimeout = clear;
  g.clearInterval = clear;
  return {
    live: () => [...live.values()],
    restore: () => Object.assign(g, orig),
  };
}

describe('AppServices lifecycle', () => {
  it('leaves no timer running and nothing registered after dispose (sending side included)', async () => {
    const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mss-dispose-'));
    const timers = trackTimers();
    try {
      const s = await createAppServices({
        host: 'browser',
        profileDir,
        runtime: { testMode: true, extraCa: [], source: null },
        secrets: new UnprotectedFileSecretStore({ file: path.join(profileDir, 'secrets.json'), userAcceptedRisk: true }),
        openExternal: async () => true,
      });
      // A round trip through the dispatcher so the services are really wired and running.
      const answer = await s.dispatcher.dispatch({ sender: { kind: 'host', connectionId: 't' } }, 'settings.get', []);
      expect(answer.ok).toBe(true);
      expect(s.running()).toBeGreaterThan(0);
      expect(timers.live().some((t) => t.startsWith('interval'))).toBe(true); // the outbox's poll is running

      await s.dispose();

      expect(s.running()).toBe(0);
      expect(timers.live()).toEqual([]);
    } finally {
      timers.restore();
      fs.rmSync(profileDir, { recursive: true, force: true });
    }
  });
});
