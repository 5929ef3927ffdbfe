// The local unlock code (docs/offline-unlock.md): a scrypt-wrapped copy of the cache key per person, one
// counted attempt per call, growing waits after FREE_ATTEMPTS, erased after MAX_ATTEMPTS, bound to the
// person (associated data) and to the cache open here (a rebuilt cache makes the copy stale).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FREE_ATTEMPTS, MAX_ATTEMPTS, OfflineUnlock, accountOf, delayAfter } from '../../../main/auth/offline/offline-unlock';
import { SECRET_SERVICE, UnprotectedFileSecretStore } from '../../../main/secrets';

const CLAIRE = { idNat: '810101234560', givenName: 'Claire', familyName: 'PETIT', profession: 'Secrétaire médicale' };
const PAUL = { idNat: '810109876543', givenName: 'Paul', familyName: 'LEROY', profession: 'Secrétaire' };
const CODE = 'cabinet-2026';
// A real scrypt, lighter than the default so the ten attempts below stay quick on a loaded machine.
const KDF = { N: 1 << 12, r: 8, p: 1 };

let dir: string;
let file: string;
let secrets: UnprotectedFileSecretStore;
let keyHex: string | null;
let now: number;
const make = () => new OfflineUnlock({ secrets, cacheKeyHex: () => keyHex, now: () => now, kdf: KDF });

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mss-offline-unlock-'));
  file = path.join(dir, 'secrets.json');
  secrets = new UnprotectedFileSecretStore({ file, userAcceptedRisk: true });
  keyHex = crypto.randomBytes(32).toString('hex');
  now = Date.UTC(2026, 11, 7, 9, 0, 0);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('OfflineUnlock', () => {
  it('keeps neither the code nor the cache key in clear; the right code opens', async () => {
    const unlock = make();
    await unlock.set(CLAIRE, CODE);
    const stored = fs.readFileSync(file, 'utf8');
    expect(stored).not.toContain(CODE);
    expect(stored).not.toContain(keyHex!);
    expect(stored).not.toContain(Buffer.from(keyHex!, 'hex').toString('base64'));
    const entry = JSON.parse((await secrets.get(SECRET_SERVICE, accountOf(CLAIRE.idNat)))!) as { kdf: { name: string; N: number } };
    expect(entry.kdf).toMatchObject({ name: 'scrypt', N: KDF.N });

    const result = await unlock.unlock(CLAIRE.idNat, CODE);
    expect(result).toMatchObject({ ok: true, person: { idNat: CLAIRE.idNat, familyName: 'PETIT', attemptsLeft: MAX_ATTEMPTS } });
  });

  it('lists the people who set a code, without any secret', async () => {
    const unlock = make();
    await unlock.set(PAUL, 'paul-secret');
    await unlock.set(CLAIRE, CODE);
    const people = await unlock.people();
    expect(people.map((p) => p.familyName)).toEqual(['LEROY', 'PETIT']);
    expect(JSON.stringify(people)).not.toMatch(/ct|tag|salt|secret|cabinet/);
  });

  it('counts each wrong code, makes the person wait after the free tries, erases after the last', async () => {
    const unlock = make();
    await unlock.set(CLAIRE, CODE);
    for (let i = 1; i <= FREE_ATTEMPTS - 1; i++) {
      expect(await unlock.unlock(CLAIRE.idNat, 'wrong-code')).toEqual({ ok: false, reason: 'wrong-code', attemptsLeft: MAX_ATTEMPTS - i, retryAfter: 0 });
    }
    // The third wrong code: the next attempt must wait.
    const third = await unlock.unlock(CLAIRE.idNat, 'wrong-code');
    expect(third).toEqual({ ok: false, reason: 'wrong-code', attemptsLeft: MAX_ATTEMPTS - FREE_ATTEMPTS, retryAfter: now + delayAfter(FREE_ATTEMPTS) });
    // While waiting, even the right code is refused without being checked, and no try is used.
    expect(await unlock.unlock(CLAIRE.idNat, CODE)).toEqual({ ok: false, reason: 'wait', retryAfter: now + delayAfter(FREE_ATTEMPTS), attemptsLeft: MAX_ATTEMPTS - FREE_ATTEMPTS });
    expect((await unlock.people())[0]!.attemptsLeft).toBe(MAX_ATTEMPTS - FREE_ATTEMPTS);

    for (let i = FREE_ATTEMPTS + 1; i < MAX_ATTEMPTS; i++) {
      now += delayAfter(i - 1);
      const r = await unlock.unlock(CLAIRE.idNat, 'wrong-code');
      expect(r).toMatchObject({ ok: false, reason: 'wrong-code', attemptsLeft: MAX_ATTEMPTS - i });
    }
    now += delayAfter(MAX_ATTEMPTS - 1);
    expect(await unlock.unlock(CLAIRE.idNat, 'wrong-code')).toEqual({ ok: false, reason: 'erased' });
    expect(await secrets.get(SECRET_SERVICE, accountOf(CLAIRE.idNat))).toBeNull();
    expect(await unlock.unlock(CLAIRE.idNat, CODE)).toEqual({ ok: false, reason: 'unknown-person' });
  });

  it('waits grow and are capped', () => {
    expect([0, 1, 2].map(delayAfter)).toEqual([0, 0, 0]);
    expect(delayAfter(3)).toBe(30_000);
    expect(delayAfter(4)).toBe(60_000);
    expect(delayAfter(9)).toBe(15 * 60_000);
  });

  it('the right code after wrong ones resets the count', async () => {
    const unlock = make();
    await unlock.set(CLAIRE, CODE);
    await unlock.unlock(CLAIRE.idNat, 'nope-nope');
    await unlock.unlock(CLAIRE.idNat, 'nope-nope');
    expect(await unlock.unlock(CLAIRE.idNat, CODE)).toMatchObject({ ok: true, person: { attemptsLeft: MAX_ATTEMPTS, retryAfter: 0 } });
  });

  it('attempts run one at a time: parallel guesses cannot race the counter', async () => {
    const unlock = make();
    await unlock.set(CLAIRE, CODE);
    const results = await Promise.all(Array.from({ length: 6 }, () => unlock.unlock(CLAIRE.idNat, 'guess-guess')));
    expect(results.filter((r) => !r.ok && r.reason === 'wrong-code')).toHaveLength(FREE_ATTEMPTS);
    expect(results.filter((r) => !r.ok && r.reason === 'wait')).toHaveLength(6 - FREE_ATTEMPTS);
    expect((await unlock.people())[0]!.attemptsLeft).toBe(MAX_ATTEMPTS - FREE_ATTEMPTS);
  });

  it("is bound to the person: another person's entry copied under one's name does not open", async () => {
    const unlock = make();
    await unlock.set(PAUL, CODE);
    const pauls = JSON.parse((await secrets.get(SECRET_SERVICE, accountOf(PAUL.idNat)))!) as Record<string, unknown>;
    await secrets.set(SECRET_SERVICE, accountOf(CLAIRE.idNat), JSON.stringify({ ...pauls, ...CLAIRE }));
    expect(await unlock.unlock(CLAIRE.idNat, CODE)).toMatchObject({ ok: false, reason: 'wrong-code' });
  });

  it('a rebuilt cache (new key) makes the copy stale: removed, the person sets a new code online', async () => {
    const unlock = make();
    await unlock.set(CLAIRE, CODE);
    keyHex = crypto.randomBytes(32).toString('hex');
    expect(await unlock.unlock(CLAIRE.idNat, CODE)).toEqual({ ok: false, reason: 'stale' });
    expect(await unlock.people()).toEqual([]);
  });

  it('a closed cache refuses before any try is counted', async () => {
    const unlock = make();
    await unlock.set(CLAIRE, CODE);
    keyHex = null;
    expect(await unlock.unlock(CLAIRE.idNat, 'whatever')).toEqual({ ok: false, reason: 'cache-closed' });
    expect((await unlock.people())[0]!.attemptsLeft).toBe(MAX_ATTEMPTS);
  });

  it('refuses codes that are too short', async () => {
    await expect(make().set(CLAIRE, '12345')).rejects.toThrow(RangeError);
  });
});
