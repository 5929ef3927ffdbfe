// Import of a BAL's software certificate as the UI calls it (bytes + password): checked against the BAL
// and the configured roots, kept in the profile, then handed to IMAP as certificate credentials.
// Uses a throwaway CA and .p12 made with openssl (no server, no sandbox files) and a real file secret store.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SoftwareCertificates } from '../../../main/auth/certificate/software-certificates';
import { imapCredentialsProvider } from '../../../main/auth/credentials';
import { UserError } from '../../../main/errors';
import { splitPemCertificates } from '../../../main/net/roots';
import { UnprotectedFileSecretStore } from '../../../main/secrets';
import { createTempPki, type TempPki } from './temp-pki';

let dir: string;
let pki: TempPki;
let SOFTWARE_CERT: { bal: string; identity: string; p12: string; cert: string; p12Password: string };
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'softcert-'));
  fs.mkdirSync(path.join(dir, 'pki'));
  pki = createTempPki(path.join(dir, 'pki'), 'logiciel.labo@test.mssante.fr');
  SOFTWARE_CERT = { bal: pki.bal, identity: pki.bal, p12: pki.p12, cert: pki.leafCert, p12Password: pki.p12Password };
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const store = (name: string, roots: Buffer[] = [fs.readFileSync(pki.caCert)]) =>
  new SoftwareCertificates(path.join(dir, name), new UnprotectedFileSecretStore({ file: path.join(dir, `${name}-secrets.json`), userAcceptedRisk: true }), roots);

describe('software certificate import', () => {
  it('refuses a wrong password, another BAL, a certificate from another authority (French messages)', async () => {
    const certs = store('refusals');
    const pfx = fs.readFileSync(SOFTWARE_CERT.p12);
    await expect(certs.import(SOFTWARE_CERT.bal, pfx, 'wrong')).rejects.toMatchObject({ code: 'certificates.bad-password', message: expect.stringMatching(/mot de passe/) });
    const other = await certs.import('alice.martin@test.mssante.fr', pfx, SOFTWARE_CERT.p12Password).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(UserError);
    expect(other).toMatchObject({ code: 'certificates.not-for-bal', message: expect.stringMatching(/n'est pas celui de cette boîte aux lettres/) });
    const foreignRoot = splitPemCertificates(fs.readFileSync(SOFTWARE_CERT.cert, 'utf8'))[0]!; // any certificate but the CA
    await expect(store('foreign', [Buffer.from(foreignRoot)]).import(SOFTWARE_CERT.bal, pfx, SOFTWARE_CERT.p12Password)).rejects.toMatchObject({ code: 'certificates.untrusted-issuer' });
    await expect(certs.import(SOFTWARE_CERT.bal, Buffer.from('garbage'), 'x')).rejects.toMatchObject({ code: 'certificates.unreadable' });
    expect(certs.has(SOFTWARE_CERT.bal)).toBe(false);
  });

  it('imports, shows subject and validity, and the BAL then gets certificate credentials instead of a token', async () => {
    const certs = store('ok');
    const view = await certs.import(SOFTWARE_CERT.bal, fs.readFileSync(SOFTWARE_CERT.p12), SOFTWARE_CERT.p12Password);
    expect(view).toMatchObject({ bal: SOFTWARE_CERT.bal, identity: SOFTWARE_CERT.identity, issuerTrusted: true });
    expect(view.validTo).toBeGreaterThan(Date.now());
    expect(certs.get(SOFTWARE_CERT.bal)).toEqual(view);
    const noToken = { getCredentials: () => Promise.reject(new Error('no PSC session')), reportRefused: () => {} };
    const provider = imapCredentialsProvider(noToken, (bal) => certs.credentials(bal));
    const creds = await provider(SOFTWARE_CERT.bal, { forceRefresh: false });
    expect(creds.auth).toMatchObject({ kind: 'certificate', passphrase: SOFTWARE_CERT.p12Password, authzid: SOFTWARE_CERT.bal });
    await expect(provider('bob.durand@test.mssante.fr', { forceRefresh: false })).rejects.toThrow('no PSC session');
    expect(await certs.remove(SOFTWARE_CERT.bal)).toBe(true);
    expect(certs.get(SOFTWARE_CERT.bal)).toBeNull();
  });
});
