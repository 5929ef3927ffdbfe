// Software certificate (PKCS#12) login to the sandbox's client-certificate IMAP listener (SASL EXTERNAL),
// and the import of the .p12 with its password in the real keychain.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateAuthError, checkExternalLogin, importPkcs12, inspectPkcs12, loadImportedPkcs12 } from '../../../main/auth/certificate';
import { KeytarSecretStore, SECRET_SERVICE, SecretAccounts } from '../../../main/secrets';
import { DOMAIN, PATHS, PORTS, SOFTWARE_CERT } from '../../../sandbox/config';
import { sandboxCa } from './helpers';
import { haveKeyringTools, startPrivateKeyring, type PrivateKeyring } from './private-keyring';
import { selfSignedP12 } from './self-signed-p12';

const pfx = () => fs.readFileSync(SOFTWARE_CERT.p12);
const base = () => ({ host: 'localhost', port: PORTS.imapCert, trust: { extraCa: [sandboxCa()] } });

describe('PKCS#12 inspection', () => {
  it('reads identity and validity; the sandbox CA is recognised as issuer', () => {
    const info = inspectPkcs12(pfx(), SOFTWARE_CERT.p12Password, { trustedCa: [sandboxCa()] });
    expect(info.identity).toBe(SOFTWARE_CERT.identity);
    expect(info.issuerTrusted).toBe(true);
    expect(info.validTo.getTime()).toBeGreaterThan(Date.now());
    expect(info.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });
  it('wrong password, expired, garbage: typed errors in French', () => {
    expect(() => inspectPkcs12(pfx(), 'wrong')).toThrow(expect.objectContaining({ code: 'bad-password' }));
    expect(() => inspectPkcs12(pfx(), SOFTWARE_CERT.p12Password, { now: new Date('2100-01-01') })).toThrow(/a expiré/);
    expect(() => inspectPkcs12(Buffer.from('not a p12'), 'x')).toThrow(CertificateAuthError);
  });
});

describe('SASL EXTERNAL with TLS client authentication (Dovecot cert listener)', () => {
  it('the APP BAL certificate opens its BAL', async () => {
    const res = await checkExternalLogin({ ...base(), pfx: pfx(), passphrase: SOFTWARE_CERT.p12Password, authzid: SOFTWARE_CERT.bal });
    expect(res.capabilities).toContain('IMAP4rev1');
  });
  it('the same certificate cannot open another BAL', async () => {
    const err = await checkExternalLogin({ ...base(), pfx: pfx(), passphrase: SOFTWARE_CERT.p12Password, authzid: `alice.martin@${DOMAIN}` }).catch((e: unknown) => e);
    expect((err as CertificateAuthError).code).toBe('login-refused');
  });
  it('a certificate from another CA is refused (Dovecot: "client sent an invalid cert" → NO)', async () => {
    const err = await checkExternalLogin({ ...base(), pfx: selfSignedP12(), passphrase: 'x', authzid: SOFTWARE_CERT.bal }).catch((e: unknown) => e);
    expect((err as CertificateAuthError).code).toBe('login-refused');
    expect((err as CertificateAuthError).message).toMatch(/non reconnu ou révoqué/);
  });
  it('the server certificate is verified against our roots only, not the CA certificates inside the .p12', async () => {
    const err = await checkExternalLogin({ ...base(), trust: { extraCa: [] }, pfx: pfx(), passphrase: SOFTWARE_CERT.p12Password, authzid: SOFTWARE_CERT.bal }).catch((e: unknown) => e);
    expect((err as CertificateAuthError).code).toBe('server-untrusted');
  });
});

describe.skipIf(!haveKeyringTools())('PKCS#12 import (password in the real keychain)', () => {
  let keyring: PrivateKeyring;
  const certDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certs-'));
  beforeAll(async () => {
    keyring = await startPrivateKeyring();
  });
  afterAll(() => {
    keyring?.stop();
    fs.rmSync(certDir, { recursive: true, force: true });
  });

  it('copies the .p12 (0600), keeps the password in the keychain, and the imported copy logs in', async () => {
    const secrets = new KeytarSecretStore();
    const imported = await importPkcs12({ bal: SOFTWARE_CERT.bal, sourcePath: SOFTWARE_CERT.p12, password: SOFTWARE_CERT.p12Password, certDir, secrets, trustedCa: [sandboxCa()] });
    expect(fs.statSync(imported.path).mode & 0o777).toBe(0o600);
    expect(await secrets.get(SECRET_SERVICE, SecretAccounts.p12Password(SOFTWARE_CERT.bal))).toBe(SOFTWARE_CERT.p12Password);
    const loaded = await loadImportedPkcs12(SOFTWARE_CERT.bal, imported.path, secrets);
    await expect(checkExternalLogin({ ...base(), ...loaded, authzid: SOFTWARE_CERT.bal })).resolves.toBeTruthy();
    expect(fs.existsSync(PATHS.caCert)).toBe(true);
  });

  it('a wrong password is refused before anything is stored', async () => {
    const secrets = new KeytarSecretStore();
    await secrets.delete(SECRET_SERVICE, SecretAccounts.p12Password('autre@test.mssante.fr'));
    await expect(importPkcs12({ bal: 'autre@test.mssante.fr', sourcePath: SOFTWARE_CERT.p12, password: 'faux', certDir, secrets })).rejects.toMatchObject({ code: 'bad-password' });
    expect(await secrets.get(SECRET_SERVICE, SecretAccounts.p12Password('autre@test.mssante.fr'))).toBeNull();
  });
});
