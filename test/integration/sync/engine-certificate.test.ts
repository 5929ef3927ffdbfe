// The APP BAL's software certificate (PKCS#12) as the sync engine's credentials: TLS client certificate +
// SASL EXTERNAL (authzid = the BAL) on the sandbox's certificate listener, with the CRL check of the
// operator's chain on. The engine syncs the BAL's INBOX; a wrong password, a certificate of another CA
// and a certificate asking for another BAL are refused with French errors and no retry loop.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { imapCredentialsProvider } from '../../../main/auth/credentials';
import { CertificateLoginError, connectImap } from '../../../main/sync/connection';
import { SyncEngine } from '../../../main/sync/engine';
import type { CredentialsProvider, EngineAccount, EngineEvent, ImapServerConfig } from '../../../main/sync/types';
import { DOMAIN, PATHS, PORTS, SOFTWARE_CERT } from '../../../sandbox/config';
import { caPem, collect, runCleanups, tempStore, waitFor } from './helpers';
import { selfSignedP12 } from '../auth/self-signed-p12';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(() => runCleanups(cleanups));

function certServer(): ImapServerConfig {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crl-cache-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return { host: '127.0.0.1', port: PORTS.imapCert, security: 'tls', servername: 'localhost', caPem: [caPem()], revocation: { anchorsPem: [caPem()], crlFiles: [PATHS.caCrl], cacheDir: dir } };
}

const certificateCreds = (o: { pfx?: Buffer; passphrase?: string; authzid?: string } = {}): CredentialsProvider => {
  const noToken = { getCredentials: () => Promise.reject(new Error('a certificate BAL must not ask for a PSC token')), reportRefused: () => {} };
  // The app's credentials seam: a BAL with a certificate gets certificate credentials, never a token.
  return imapCredentialsProvider(noToken, async (bal) => ({
    user: bal,
    auth: { kind: 'certificate', pfx: new Uint8Array(o.pfx ?? fs.readFileSync(SOFTWARE_CERT.p12)), passphrase: o.passphrase ?? SOFTWARE_CERT.p12Password, authzid: o.authzid ?? bal },
  }));
};

describe('sync engine with a software certificate (SASL EXTERNAL)', () => {
  it('syncs the APP BAL over the certificate listener', async () => {
    const store = tempStore();
    cleanups.push(() => store.close());
    const events: EngineEvent[] = [];
    const engine = new SyncEngine(store.writer, certificateCreds(), { connectionBudget: 2, backgroundBodies: false });
    engine.on(collect(events));
    cleanups.push(() => engine.stop());
    const account: EngineAccount = { address: SOFTWARE_CERT.bal, type: 'APP', label: 'Laboratoire', imap: certServer(), onlyFolders: ['INBOX'] };
    const accountId = engine.start(account);
    const inbox = await waitFor(() => {
      const f = store.writer.getFolderByPath(accountId, 'INBOX');
      return f?.highestmodseq ? f : null;
    }, 20_000, 'INBOX synced with the certificate');
    const reader = store.reader();
    const messages = await waitFor(() => {
      const list = reader.listMessages(inbox.id, { limit: 500 });
      return list.length > 0 ? list : null;
    }, 10_000, 'messages');
    expect(messages.length).toBeGreaterThan(10);
    expect(engine.stats().commands['AUTHENTICATE EXTERNAL']).toBeGreaterThanOrEqual(1);
    expect(engine.stats().commands['AUTHENTICATE XOAUTH2']).toBeUndefined();
    expect(events.some((e) => e.type === 'authFailed')).toBe(false);
  });

  it('wrong password, certificate of another CA, another BAL: refused at once with a French error', async () => {
    const server = certServer();
    const wrongPassword = await connectImap(SOFTWARE_CERT.bal, server, certificateCreds({ passphrase: 'wrong' })).catch((e: unknown) => e);
    expect(wrongPassword).toBeInstanceOf(CertificateLoginError);
    expect((wrongPassword as CertificateLoginError).certificateCode).toBe('bad-password');
    expect((wrongPassword as Error).message).toMatch(/mot de passe du certificat logiciel/);

    const foreign = await connectImap(SOFTWARE_CERT.bal, server, certificateCreds({ pfx: selfSignedP12(), passphrase: 'x' })).catch((e: unknown) => e);
    expect(foreign).toBeInstanceOf(CertificateLoginError);
    expect((foreign as Error).message).toMatch(/refusé (la connexion avec )?ce certificat|refusé le certificat logiciel/);

    let asked = 0;
    const counting: CredentialsProvider = async (bal, o) => (asked++, certificateCreds({ authzid: `alice.martin@${DOMAIN}` })(bal, o));
    const otherBal = await connectImap(SOFTWARE_CERT.bal, server, counting).catch((e: unknown) => e);
    expect(otherBal).toMatchObject({ certificateCode: 'login-refused' });
    expect(asked).toBe(1); // no second attempt: a certificate is not refreshed like a token
  });

  it('the engine stops on a refused certificate (authFailed), it does not loop', async () => {
    const store = tempStore();
    cleanups.push(() => store.close());
    const events: EngineEvent[] = [];
    const engine = new SyncEngine(store.writer, certificateCreds({ passphrase: 'wrong' }), { connectionBudget: 1, backgroundBodies: false });
    engine.on(collect(events));
    cleanups.push(() => engine.stop());
    engine.start({ address: SOFTWARE_CERT.bal, type: 'APP', label: 'Laboratoire', imap: certServer(), onlyFolders: ['INBOX'] });
    await waitFor(() => events.find((e) => e.type === 'authFailed'), 15_000, 'authFailed');
  });
});
