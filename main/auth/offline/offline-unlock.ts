// Local unlock for reading the cache without network (docs/offline-unlock.md).
//
// At an online login (identity proved by Pro Santé Connect), a person may set a local unlock code. We
// keep, in the OS keychain under `offline-unlock:<IdNat>`, a copy of the cache key wrapped with a key
// derived from that code (scrypt, AES-256-GCM, the IdNat as associated data). Offline, the person picks
// her name among those who set one on this workstation and types the code: it unlocks only if the copy
// decrypts (GCM tag) AND equals the key of the cache open here. Never the PSC token, never the code itself.
//
// Wrong attempts are counted in the entry BEFORE the code is checked (killing the app mid-check does not
// save an attempt); after FREE_ATTEMPTS each new attempt waits longer, and after MAX_ATTEMPTS the entry is
// erased: the person must log in online again to set a new code.
import crypto from 'node:crypto';
import { z } from 'zod';
import { SECRET_SERVICE, type SecretStore } from '../../secrets/secret-store';

export const OFFLINE_UNLOCK_PREFIX = 'offline-unlock:';
export const accountOf = (idNat: string) => `${OFFLINE_UNLOCK_PREFIX}${idNat}`;

/** scrypt cost: N = 2^15, r = 8 (32 MiB, ~0.1 s on a workstation). Stored per entry, so it can grow. */
export const DEFAULT_KDF = { N: 1 << 15, r: 8, p: 1 } as const;
export const MIN_CODE_LENGTH = 6;
export const MAX_CODE_LENGTH = 128;
export const FREE_ATTEMPTS = 3;
export const MAX_ATTEMPTS = 10;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 15 * 60_000;

const entrySchema = z.object({
  v: z.literal(1),
  idNat: z.string().min(1),
  givenName: z.string(),
  familyName: z.string(),
  profession: z.string(),
  kdf: z.object({ name: z.literal('scrypt'), N: z.number().int().min(1024), r: z.number().int().min(1), p: z.number().int().min(1), salt: z.string() }),
  iv: z.string(),
  ct: z.string(),
  tag: z.string(),
  setAt: z.number(),
  failures: z.number().int().min(0),
  lastFailureAt: z.number().nullable(),
});
type Entry = z.infer<typeof entrySchema>;

export interface OfflinePerson {
  idNat: string;
  givenName: string;
  familyName: string;
  profession: string;
  setAt: number;
  /** Epoch ms before which an attempt is refused without checking (0: now). */
  retryAfter: number;
  attemptsLeft: number;
}

export type UnlockResult =
  | { ok: true; person: OfflinePerson }
  | { ok: false; reason: 'wrong-code'; attemptsLeft: number; retryAfter: number }
  | { ok: false; reason: 'wait'; retryAfter: number; attemptsLeft: number }
  | { ok: false; reason: 'erased' }
  | { ok: false; reason: 'unknown-person' }
  | { ok: false; reason: 'cache-closed' }
  /** The cache was rebuilt since the code was set (its key changed): the copy is useless and removed. */
  | { ok: false; reason: 'stale' };

export interface OfflineUnlockOptions {
  secrets: SecretStore;
  /** The hex key of the cache open on this workstation (null: closed). */
  cacheKeyHex: () => string | null;
  now?: () => number;
  kdf?: { N: number; r: number; p: number };
}

/** Delay imposed before the next attempt after `failures` consecutive wrong codes. */
export function delayAfter(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (failures - FREE_ATTEMPTS));
}

function derive(code: string, salt: Buffer, kdf: { N: number; r: number; p: number }): Promise<Buffer> {
  const maxmem = 256 * kdf.N * kdf.r + 1024 * 1024;
  return new Promise((resolve, reject) => crypto.scrypt(code.normalize('NFC'), salt, 32, { ...kdf, maxmem }, (err, key) => (err ? reject(err) : resolve(key))));
}

export class OfflineUnlock {
  private readonly now: () => number;
  private readonly kdf: { N: number; r: number; p: number };
  /** Attempts run one at a time: parallel guesses cannot race the counter. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: OfflineUnlockOptions) {
    this.now = o.now ?? Date.now;
    this.kdf = o.kdf ?? DEFAULT_KDF;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async read(idNat: string): Promise<Entry | null> {
    const raw = await this.o.secrets.get(SECRET_SERVICE, accountOf(idNat));
    if (raw === null) return null;
    try {
      const entry = entrySchema.parse(JSON.parse(raw));
      return entry.idNat === idNat ? entry : null;
    } catch {
      return null;
    }
  }

  private write(entry: Entry): Promise<void> {
    return this.o.secrets.set(SECRET_SERVICE, accountOf(entry.idNat), JSON.stringify(entry));
  }

  private person(e: Entry): OfflinePerson {
    const wait = e.lastFailureAt === null ? 0 : e.lastFailureAt + delayAfter(e.failures);
    return {
      idNat: e.idNat,
      givenName: e.givenName,
      familyName: e.familyName,
      profession: e.profession,
      setAt: e.setAt,
      retryAfter: wait > this.now() ? wait : 0,
      attemptsLeft: MAX_ATTEMPTS - e.failures,
    };
  }

  /** The people who set a local unlock on this workstation (never a secret). */
  async people(): Promise<OfflinePerson[]> {
    const accounts = (await this.o.secrets.list(SECRET_SERVICE)).filter((a) => a.startsWith(OFFLINE_UNLOCK_PREFIX));
    const out: OfflinePerson[] = [];
    for (const account of accounts) {
      const entry = await this.read(account.slice(OFFLINE_UNLOCK_PREFIX.length));
      if (entry) out.push(this.person(entry));
    }
    return out.sort((a, b) => `${a.familyName} ${a.givenName}`.localeCompare(`${b.familyName} ${b.givenName}`, 'fr'));
  }

  async has(idNat: string): Promise<boolean> {
    return (await this.read(idNat)) !== null;
  }

  /** Sets (or replaces) the code of a person whose identity PSC just proved. */
  async set(identity: { idNat: string; givenName: string; familyName: string; profession: string }, code: string): Promise<void> {
    const keyHex = this.o.cacheKeyHex();
    if (!keyHex) throw new Error('cache closed');
    if (code.length < MIN_CODE_LENGTH || code.length > MAX_CODE_LENGTH) throw new RangeError('code length');
    const salt = crypto.randomBytes(16);
    const iv = crypto.randomBytes(12);
    const wrapKey = await derive(code, salt, this.kdf);
    const cipher = crypto.createCipheriv('aes-256-gcm', wrapKey, iv);
    cipher.setAAD(Buffer.from(`mss-offline-unlock:v1:${identity.idNat}`, 'utf8'));
    const ct = Buffer.concat([cipher.update(Buffer.from(keyHex, 'hex')), cipher.final()]);
    await this.serial(() =>
      this.write({
        v: 1,
        idNat: identity.idNat,
        givenName: identity.givenName,
        familyName: identity.familyName,
        profession: identity.profession,
        kdf: { name: 'scrypt', ...this.kdf, salt: salt.toString('base64') },
        iv: iv.toString('base64'),
        ct: ct.toString('base64'),
        tag: cipher.getAuthTag().toString('base64'),
        setAt: this.now(),
        failures: 0,
        lastFailureAt: null,
      }),
    );
  }

  async remove(idNat: string): Promise<boolean> {
    return this.serial(() => this.o.secrets.delete(SECRET_SERVICE, accountOf(idNat)));
  }

  /** One attempt. Never retried by the app: each call is one code typed by the person. */
  unlock(idNat: string, code: string): Promise<UnlockResult> {
    return this.serial(async () => {
      const entry = await this.read(idNat);
      if (!entry) return { ok: false, reason: 'unknown-person' } as const;
      const keyHex = this.o.cacheKeyHex();
      if (!keyHex) return { ok: false, reason: 'cache-closed' } as const;
      const before = this.person(entry);
      if (before.retryAfter > 0) return { ok: false, reason: 'wait', retryAfter: before.retryAfter, attemptsLeft: before.attemptsLeft } as const;
      // Counted first: an interrupted check still costs the attempt.
      const counted: Entry = { ...entry, failures: entry.failures + 1, lastFailureAt: this.now() };
      await this.write(counted);
      let plain: Buffer | null = null;
      try {
        const wrapKey = await derive(code, Buffer.from(entry.kdf.salt, 'base64'), entry.kdf);
        const decipher = crypto.createDecipheriv('aes-256-gcm', wrapKey, Buffer.from(entry.iv, 'base64'));
        decipher.setAAD(Buffer.from(`mss-offline-unlock:v1:${entry.idNat}`, 'utf8'));
        decipher.setAuthTag(Buffer.from(entry.tag, 'base64'));
        plain = Buffer.concat([decipher.update(Buffer.from(entry.ct, 'base64')), decipher.final()]);
      } catch {
        plain = null;
      }
      if (plain) {
        const current = Buffer.from(keyHex, 'hex');
        if (current.length !== plain.length || !crypto.timingSafeEqual(current, plain)) {
          // The right code, but for a cache that no longer exists here.
          await this.o.secrets.delete(SECRET_SERVICE, accountOf(idNat));
          return { ok: false, reason: 'stale' } as const;
        }
        const reset: Entry = { ...entry, failures: 0, lastFailureAt: null };
        await this.write(reset);
        return { ok: true, person: this.person(reset) } as const;
      }
      if (counted.failures >= MAX_ATTEMPTS) {
        await this.o.secrets.delete(SECRET_SERVICE, accountOf(idNat));
        return { ok: false, reason: 'erased' } as const;
      }
      const after = this.person(counted);
      return { ok: false, reason: 'wrong-code', attemptsLeft: after.attemptsLeft, retryAfter: after.retryAfter } as const;
    });
  }
}
