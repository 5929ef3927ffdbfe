// Encryption at rest and the cache key life cycle (through real SecretStores: the user-accepted file store,
// and keytar without a session bus; keytar with a real keyring runs in test/integration/secrets/).
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { KeychainUnavailableError } from '../../../main/secrets/errors';
import { SECRET_SERVICE, SecretAccounts } from '../../../main/secrets/secret-store';
import { KeytarSecretStore } from '../../../main/secrets/keytar-secret-store';
import { UnprotectedFileSecretStore } from '../../../main/secrets/unprotected-file-secret-store';
import { openConnection } from '../../../main/store/db';
import { CacheKeyLostError, CacheKeyMismatchError, StoreError } from '../../../main/store/errors';
import { DB_FILE, openReader, openStore, openWriter, UNPROTECTED_KEY_FILE } from '../../../main/store/open-store';
import { msg, seedAccount, tempDir } from './helpers';

const require = createRequire(import.meta.url);
let dirs: string[] = [];
afterEach(() => {
  dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
  dirs = [];
});
const dir = () => {
  const d = tempDir('enc-');
  dirs.push(d);
  return d;
};

function writeSample(file: string, keyHex: string): void {
  const w = openWriter(file, keyHex);
  const { inbox } = seedAccount(w);
  const [id] = w.upsertMessages(inbox, 1000, [msg(1, { subject: 'Résultat confidentiel' })]).ids;
  w.storeBody(id!, { text: 'Diagnostic : hypertension artérielle' });
  w.close();
}

describe('encryption at rest', () => {
  it('leaves no plaintext on disk: no SQLite header, no readable text, even in the WAL', () => {
    const d = dir();
    const file = path.join(d, 'cache.db');
    const keyHex = crypto.randomBytes(32).toString('hex');
    const w = openWriter(file, keyHex);
    const { inbox } = seedAccount(w);
    w.upsertMessages(inbox, 1000, [msg(1, { subject: 'Résultat confidentiel' })]);
    // While the writer is open, recent pages live in the WAL file.
    for (const f of [file, `${file}-wal`].filter((f) => fs.existsSync(f))) {
      const bytes = fs.readFileSync(f);
      expect(bytes.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\u0000');
      expect(bytes.includes(Buffer.from('confidentiel'))).toBe(false);
      expect(bytes.includes(Buffer.from('alice.martin'))).toBe(false);
    }
    w.close();
    expect(fs.readFileSync(file).subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\u0000');
  });

  it('cannot be opened without the key or with a wrong key', () => {
    const d = dir();
    const file = path.join(d, 'cache.db');
    const keyHex = crypto.randomBytes(32).toString('hex');
    writeSample(file, keyHex);
    // Plain SQLite (no cipher configured) through the same driver.
    const Plain = require('better-sqlite3-multiple-ciphers') as new (f: string) => { prepare(s: string): { all(): unknown[] }; close(): void };
    const plain = new Plain(file);
    expect(() => plain.prepare('SELECT * FROM messages').all()).toThrow(/not a database/);
    plain.close();
    // The sqlite3 command-line tool, when installed.
    let cli: string | null = null;
    try {
      cli = execFileSync('sh', ['-c', 'command -v sqlite3'], { encoding: 'utf8' }).trim() || null;
    } catch {
      cli = null;
    }
    if (cli) expect(() => execFileSync(cli!, [file, 'SELECT subject FROM messages'], { stdio: 'pipe' })).toThrow(/not a database/);
    // Wrong key → typed error with a French message.
    const wrong = crypto.randomBytes(32).toString('hex');
    expect(() => openConnection(file, { keyHex: wrong })).toThrow(CacheKeyMismatchError);
    expect(() => openReader(file, wrong)).toThrow(/ne peut pas être déchiffré/);
    // Right key still works.
    const r = openReader(file, keyHex);
    expect(r.search('hypertension').map((m) => m.subject)).toEqual(['Résultat confidentiel']);
    r.close();
  });

  it('is in SQLCipher 4 format: page 1 decrypts with AES-256-CBC and the raw key, HMAC-SHA512 matches', () => {
    const file = path.join(dir(), 'cache.db');
    const keyHex = crypto.randomBytes(32).toString('hex');
    writeSample(file, keyHex); // closed: WAL checkpointed into the main file
    const page = fs.readFileSync(file).subarray(0, 4096);
    const RESERVE = 80; // IV 16 + HMAC 64
    const key = Buffer.from(keyHex, 'hex');
    const d = crypto.createDecipheriv('aes-256-cbc', key, page.subarray(4096 - RESERVE, 4096 - RESERVE + 16));
    d.setAutoPadding(false);
    const header = Buffer.concat([d.update(page.subarray(16, 4096 - RESERVE)), d.final()]);
    // Bytes 16.. of a SQLite header: page size 4096, WAL read/write versions 2/2, 80 reserved bytes.
    expect([header.readUInt16BE(0), header[2], header[3], header[4]]).toEqual([4096, 2, 2, RESERVE]);
    const salt = page.subarray(0, 16);
    const hmacKey = crypto.pbkdf2Sync(key, Buffer.from(salt.map((b) => b ^ 0x3a)), 2, 32, 'sha512');
    const mac = crypto.createHmac('sha512', hmacKey).update(page.subarray(16, 4096 - 64)).update(Buffer.from([1, 0, 0, 0])).digest();
    expect(mac.equals(page.subarray(4096 - 64))).toBe(true);
  });

  it('refuses malformed keys', () => {
    expect(() => openConnection(path.join(dir(), 'x.db'), { keyHex: "abc' ; --" })).toThrow(TypeError);
  });
});

describe('openStore and the cache key', () => {
  it('creates the key at first run in the secret store, then reuses it', async () => {
    const d = dir();
    const secrets = new UnprotectedFileSecretStore({ file: path.join(d, 'secrets.json'), userAcceptedRisk: true });
    const s1 = await openStore({ dir: path.join(d, 'cache'), secrets, allowUnprotectedKey: true });
    expect(s1.key).toEqual({ created: true, storedIn: 'unprotected-file' });
    expect(fs.statSync(s1.file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(`${s1.file}-wal`).mode & 0o777).toBe(0o600);
    const key = await secrets.get(SECRET_SERVICE, SecretAccounts.cacheKey);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const { inbox } = seedAccount(s1.writer);
    s1.writer.upsertMessages(inbox, 1000, [msg(1)]);
    s1.close();
    const s2 = await openStore({ dir: path.join(d, 'cache'), secrets, allowUnprotectedKey: true });
    expect(s2.key.created).toBe(false);
    expect(s2.reader.listMessages(inbox)).toHaveLength(1);
    s2.close();
  });

  // The real keychain client, made unavailable the way it is on a headless Linux (no session bus).
  it.runIf(process.platform === 'linux')('throws KeychainUnavailableError (French) when there is no keychain and no explicit choice', async () => {
    // This file runs in its own process (vitest forks pool), so the env change stays here.
    process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/bus';
    delete process.env.DISPLAY;
    const d = dir();
    const err = await openStore({ dir: d, secrets: new KeytarSecretStore({ timeoutMs: 3000 }) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeychainUnavailableError);
    expect((err as Error).message).toMatch(/trousseau/);
    expect(fs.existsSync(path.join(d, DB_FILE))).toBe(false);
    // With the user's explicit choice, the key goes to a 0600 file next to the cache.
    const s = await openStore({ dir: d, secrets: new KeytarSecretStore({ timeoutMs: 3000 }), allowUnprotectedKey: true });
    expect(s.key).toEqual({ created: true, storedIn: 'unprotected-file' });
    expect(fs.statSync(path.join(d, UNPROTECTED_KEY_FILE)).mode & 0o777).toBe(0o600);
    s.close();
  });

  it('refuses an unprotected secret store without the explicit flag', async () => {
    const d = dir();
    const secrets = new UnprotectedFileSecretStore({ file: path.join(d, 's.json'), userAcceptedRisk: true });
    await expect(openStore({ dir: d, secrets })).rejects.toThrow(StoreError);
  });

  it('reports a lost key instead of silently creating a new one over an existing cache', async () => {
    const d = dir();
    const secrets = new UnprotectedFileSecretStore({ file: path.join(d, 's.json'), userAcceptedRisk: true });
    const s1 = await openStore({ dir: path.join(d, 'c'), secrets, allowUnprotectedKey: true });
    s1.close();
    await secrets.delete(SECRET_SERVICE, SecretAccounts.cacheKey);
    await expect(openStore({ dir: path.join(d, 'c'), secrets, allowUnprotectedKey: true })).rejects.toThrow(CacheKeyLostError);
    // A different key in the store: mismatch, typed.
    await secrets.set(SECRET_SERVICE, SecretAccounts.cacheKey, crypto.randomBytes(32).toString('hex'));
    await expect(openStore({ dir: path.join(d, 'c'), secrets, allowUnprotectedKey: true })).rejects.toThrow(CacheKeyMismatchError);
  });
});
