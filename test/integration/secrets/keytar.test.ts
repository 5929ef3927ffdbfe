// keytar against a REAL Secret Service. vitest itself runs outside any keyring session, so each scenario
// runs in a child process: `scripts/with-keyring.sh tsx keytar-script.ts <scenario>` starts a private D-Bus
// session with an unlocked gnome-keyring around it (no prompt, nothing touches the developer's keyring).
// This keeps `npx vitest run` a plain command (no wrapper around the whole test run), and the other
// integration tests keep the caller's environment.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const SCRIPT = path.join(ROOT, 'test/integration/secrets/keytar-script.ts');
const WRAPPER = path.join(ROOT, 'scripts/with-keyring.sh');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'keytar-it-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const haveKeyring = ['dbus-run-session', 'gnome-keyring-daemon'].every(
  (b) => spawnSync('sh', ['-c', `command -v ${b}`]).status === 0,
);

interface Outcome {
  ok: boolean;
  // Shape depends on the scenario; each test reads the fields it asked for.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON from the child script
  result?: any;
  error?: { name: string; message: string; reason?: string };
}

function run(args: string[], env: NodeJS.ProcessEnv = process.env): Outcome {
  const p = spawnSync(args[0]!, args.slice(1), { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
  const line = p.stdout.trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
  if (!line) throw new Error(`no JSON from ${args.join(' ')} (status ${p.status}): ${p.stderr}`);
  return JSON.parse(line) as Outcome;
}
/** Each keyring home is a separate "OS user": the cache key is one entry per user. */
const inKeyring = (scenario: string, dir: string, home: string, extraEnv: NodeJS.ProcessEnv = {}) =>
  run([WRAPPER, TSX, SCRIPT, scenario, dir], { ...process.env, KEYRING_HOME: path.join(tmp, home), ...extraEnv });
const withoutBus = (scenario: string, dir: string) => {
  const env: NodeJS.ProcessEnv = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' };
  delete env.DISPLAY;
  return run([TSX, SCRIPT, scenario, dir], env);
};

describe.skipIf(!haveKeyring)('keytar on a real Secret Service (gnome-keyring in a private D-Bus session)', () => {
  it('stores, overwrites, lists (names only), deletes secrets under fr.mssante.client', () => {
    const r = inKeyring('roundtrip', path.join(tmp, 'unused'), 'home-1');
    expect(r).toEqual({
      ok: true,
      result: {
        kind: 'keychain',
        got: 'refresh-token-value-2',
        listed: ['p12-password:logiciel.labo@test.mssante.fr', 'refresh-token:810001234567'],
        deleted: true,
        deletedAgain: false,
        after: null,
        otherService: [],
      },
    });
  });

  it('openStore creates the cache key in the keychain at first run and reuses it', () => {
    const r = inKeyring('open-store', path.join(tmp, 'cache-a'), 'home-2');
    expect(r).toEqual({
      ok: true,
      result: {
        first: { created: true, storedIn: 'keychain' },
        second: { created: false, storedIn: 'keychain' },
        sameAccount: true,
        keyLooksRight: true,
      },
    });
    // The database on disk is encrypted.
    const header = fs.readFileSync(path.join(tmp, 'cache-a', 'cache.db')).subarray(0, 15).toString('latin1');
    expect(header).not.toBe('SQLite format 3');
  });

  it('without a session bus: KeychainUnavailableError (French), unless the user chose the fallback; the key moves to the keychain once it is back', () => {
    const dir = path.join(tmp, 'cache-b');
    const r = withoutBus('no-bus', dir);
    expect(r.ok).toBe(true);
    expect(r.result.direct).toMatchObject({ name: 'KeychainUnavailableError', code: 'KEYCHAIN_UNAVAILABLE' });
    expect(r.result.direct.message).toMatch(/trousseau sécurisé du système .* indisponible/);
    expect(r.result.store).toMatchObject({ name: 'KeychainUnavailableError' });
    expect(r.result.accepted).toEqual({ created: true, storedIn: 'unprotected-file' });
    expect(fs.existsSync(path.join(dir, 'cache-key.unprotected.json'))).toBe(true);
    // Next start, keychain available: the same key (the cache opens) now lives in the keychain.
    const back = inKeyring('open-store', dir, 'home-3', { ALLOW_UNPROTECTED: '1' });
    expect(back).toMatchObject({ ok: true, result: { first: { created: false, storedIn: 'keychain' }, sameAccount: true } });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'cache-key.unprotected.json'), 'utf8')).entries).toEqual({});
  });

  it('a frozen Secret Service makes calls time out (then fail fast) instead of hanging', () => {
    const r = inKeyring('hang', path.join(tmp, 'unused'), 'home-4');
    expect(r.ok).toBe(true);
    expect(r.result.first).toMatchObject({ name: 'KeychainUnavailableError' });
    expect(r.result.first.reason).toMatch(/keychain get timed out after 2000 ms/);
    // Fail fast: the next call never reaches the keychain (no timeout of its own: the first call's reason).
    expect(r.result.second).toMatchObject({ name: 'KeychainUnavailableError', reason: r.result.first.reason });
  });
});
