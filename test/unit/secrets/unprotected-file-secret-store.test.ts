import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SecretStoreError } from '../../../main/secrets/errors';
import { SECRET_SERVICE, SecretAccounts } from '../../../main/secrets/secret-store';
import { UnprotectedFileSecretStore } from '../../../main/secrets/unprotected-file-secret-store';

let dir: string;
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('UnprotectedFileSecretStore', () => {
  it('cannot be created without the explicit user acceptance', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ufs-'));
    expect(() => new UnprotectedFileSecretStore({ file: path.join(dir, 's.json') } as never)).toThrow(/accepté explicitement/);
    expect(() => new UnprotectedFileSecretStore({ file: path.join(dir, 's.json'), userAcceptedRisk: 'yes' } as never)).toThrow(SecretStoreError);
  });

  it('stores, lists (names only) and deletes secrets in a 0600 file', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ufs-'));
    const file = path.join(dir, 'sub', 's.json');
    const s = new UnprotectedFileSecretStore({ file, userAcceptedRisk: true });
    expect(s.kind).toBe('unprotected-file');
    expect(await s.get(SECRET_SERVICE, SecretAccounts.cacheKey)).toBeNull();
    await s.set(SECRET_SERVICE, SecretAccounts.refreshToken('810001234567'), 'rt-1');
    await s.set(SECRET_SERVICE, SecretAccounts.p12Password('Logiciel.Labo@test.mssante.fr'), 'p12');
    await s.set('other.service', 'x', 'y');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(await s.list(SECRET_SERVICE)).toEqual(['p12-password:logiciel.labo@test.mssante.fr', 'refresh-token:810001234567']);
    const again = new UnprotectedFileSecretStore({ file, userAcceptedRisk: true });
    expect(await again.get(SECRET_SERVICE, 'refresh-token:810001234567')).toBe('rt-1');
    expect(await again.delete(SECRET_SERVICE, 'refresh-token:810001234567')).toBe(true);
    expect(await again.delete(SECRET_SERVICE, 'refresh-token:810001234567')).toBe(false);
    expect(await s.get(SECRET_SERVICE, 'refresh-token:810001234567')).toBeNull();
    await expect(s.set(SECRET_SERVICE, 'x', '')).rejects.toThrow(SecretStoreError);
    fs.writeFileSync(file, '{broken');
    await expect(s.get(SECRET_SERVICE, 'x')).rejects.toThrow(/illisible/);
  });
});
