// The credentials seam end to end against the sandbox operator: a PSC session (CIBA, real keychain), IMAP
// XOAUTH2 / OAUTHBEARER logins to Dovecot (token introspection at the sandbox PSC), SMTP XOAUTH2 to
// Postfix submission, forced token expiry → refusal → silent refresh → reconnect, revocation → session
// ended, and a BAL the person has no right on.
import fs from 'node:fs';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredentialsProvider, forceXoauth2, MailAuthError, withTokenRetry, type CredentialsProvider, type MailCredentials } from '../../../main/auth/credentials';
import { PscClient } from '../../../main/auth/psc';
import { SessionManager } from '../../../main/auth/session';
import { tlsClientOptions } from '../../../main/net/trust';
import { KeytarSecretStore, SECRET_SERVICE, SecretAccounts } from '../../../main/secrets';
import { DOMAIN, PATHS, PEOPLE, PORTS } from '../../../sandbox/config';
import { approveCiba, MemoryAuditSink, pscSettings, sandboxCa, useOperatorSandbox, type OperatorSandbox } from './helpers';
import { haveKeyringTools, startPrivateKeyring, type PrivateKeyring } from './private-keyring';

const CLAIRE = PEOPLE[2]!; // delegate on alice.martin, cabinet, accueil — not on bob.durand
const ALICE_BAL = `alice.martin@${DOMAIN}`;
const CABINET_BAL = `cabinet.saint-roch@${DOMAIN}`;
const BOB_BAL = `bob.durand@${DOMAIN}`;
const DOVECOT_LOG = `${PATHS.logs}/dovecot.log`;

let op: OperatorSandbox;
let keyring: PrivateKeyring;
let session: SessionManager;
let credentials: CredentialsProvider;
const audit = new MemoryAuditSink();
const tls = () => ({ ...tlsClientOptions({ extraCa: [sandboxCa()] }), servername: 'localhost' });

function imapClient(creds: MailCredentials, mechanism: 'XOAUTH2' | 'OAUTHBEARER'): ImapFlow {
  const client = new ImapFlow({
    host: 'localhost',
    port: PORTS.imap,
    secure: false,
    doSTARTTLS: true,
    tls: tls(),
    auth: { user: creds.user, accessToken: creds.accessToken },
    logger: false,
  });
  if (mechanism === 'XOAUTH2') forceXoauth2(client as unknown as { capabilities: Map<string, unknown> });
  return client;
}

/** Connects, opens INBOX, logs out; returns what the attempts used. */
async function openInbox(bal: string, mechanism: 'XOAUTH2' | 'OAUTHBEARER' = 'XOAUTH2') {
  const used: string[] = [];
  const exists = await withTokenRetry(credentials, bal, async (creds) => {
    used.push(creds.accessToken);
    const client = imapClient(creds, mechanism);
    client.on('error', () => {});
    try {
      await client.connect();
      const box = await client.mailboxOpen('INBOX');
      return box.exists;
    } finally {
      await client.logout().catch(() => client.close());
    }
  });
  return { exists, used };
}

function dovecotLogSince(offset: number): string {
  const buf = fs.readFileSync(DOVECOT_LOG);
  return buf.subarray(offset).toString('utf8');
}

beforeAll(async () => {
  keyring = await startPrivateKeyring();
  op = await useOperatorSandbox();
  const psc = await PscClient.connect(pscSettings());
  session = new SessionManager({ psc, secrets: new KeytarSecretStore(), audit });
  credentials = createCredentialsProvider(session);
  const login = await session.loginWithCiba({ idNat: CLAIRE.idNat, channel: 'MOBILE' });
  await approveCiba(op.control, CLAIRE.idNat, login.bindingMessage);
  expect(await login.done).toBe('approved');
});

afterAll(async () => {
  await session?.logout().catch(() => {});
  session?.dispose();
  await op?.close();
  keyring?.stop();
});

describe.skipIf(!haveKeyringTools())('PSC tokens on the sandbox operator (Dovecot, Postfix)', () => {
  it('the refresh token is in the real keychain', async () => {
    const secrets = new KeytarSecretStore();
    expect(await secrets.get(SECRET_SERVICE, SecretAccounts.refreshToken(CLAIRE.idNat))).toBeTruthy();
  });

  it('IMAP XOAUTH2 login to a delegated BAL (login user = BAL, token = the person)', async () => {
    const offset = fs.statSync(DOVECOT_LOG).size;
    const { exists, used } = await openInbox(ALICE_BAL, 'XOAUTH2');
    expect(typeof exists).toBe('number');
    expect(used).toHaveLength(1);
    expect(dovecotLogSince(offset)).toMatch(new RegExp(`Login: user=<${ALICE_BAL}>, method=XOAUTH2`));
  });

  it('IMAP OAUTHBEARER login works too', async () => {
    const offset = fs.statSync(DOVECOT_LOG).size;
    const { used } = await openInbox(CABINET_BAL, 'OAUTHBEARER');
    expect(used).toHaveLength(1);
    expect(dovecotLogSince(offset)).toMatch(new RegExp(`Login: user=<${CABINET_BAL}>, method=OAUTHBEARER`));
  });

  it('SMTP XOAUTH2 to Postfix submission (nodemailer OAuth2) and a message sent from the BAL', async () => {
    const info = await withTokenRetry(credentials, ALICE_BAL, async (creds) => {
      const transport = nodemailer.createTransport({
        host: 'localhost',
        port: PORTS.submission,
        secure: false,
        requireTLS: true,
        tls: tls(),
        auth: { type: 'OAuth2', user: creds.user, accessToken: creds.accessToken },
      });
      try {
        await transport.verify();
        return await transport.sendMail({ from: ALICE_BAL, to: ALICE_BAL, subject: 'Test XOAUTH2 (auth)', text: 'Envoyé par le test d’authentification.' });
      } finally {
        transport.close();
      }
    });
    expect(info.accepted).toEqual([ALICE_BAL]);
  });

  it('forced expiry mid-session: the IMAP login is refused, the session refreshes silently, the reconnect works', async () => {
    const before = await session.getAccessToken();
    const expired = await op.control('/expire', { idNat: CLAIRE.idNat });
    expect(((await expired.json()) as { expired: number }).expired).toBeGreaterThan(0);
    const { used } = await openInbox(ALICE_BAL);
    expect(used).toHaveLength(2);
    expect(used[0]).toBe(before);
    expect(used[1]).not.toBe(before);
    expect(session.current.status).toBe('active');
    expect(await session.getAccessToken()).toBe(used[1]);
  });

  it('forced expiry then SMTP: refused (535), refreshed, accepted', async () => {
    await op.control('/expire', { idNat: CLAIRE.idNat });
    let attempts = 0;
    await withTokenRetry(credentials, ALICE_BAL, async (creds) => {
      attempts += 1;
      const transport = nodemailer.createTransport({
        host: 'localhost',
        port: PORTS.submission,
        secure: false,
        requireTLS: true,
        tls: tls(),
        auth: { type: 'OAuth2', user: creds.user, accessToken: creds.accessToken },
      });
      try {
        return await transport.verify();
      } finally {
        transport.close();
      }
    });
    expect(attempts).toBe(2);
  });

  it('a BAL the person has no right on: refused twice, typed error in French', async () => {
    const err = await openInbox(BOB_BAL).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailAuthError);
    expect((err as MailAuthError).code).toBe('no-right');
    expect((err as MailAuthError).message).toMatch(/^Vous n'avez pas de droit sur cette boîte aux lettres/);
    expect(session.current.status).toBe('active');
  });

  it('revoked by PSC: refresh refused, session ended, the mail layer gets "session expired"', async () => {
    await op.control('/revoke', { idNat: CLAIRE.idNat });
    const err = await openInbox(ALICE_BAL).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailAuthError);
    expect((err as MailAuthError).code).toBe('session-expired');
    expect((err as MailAuthError).message).toBe('Votre session Pro Santé Connect a expiré : reconnectez-vous.');
    expect(session.current).toMatchObject({ status: 'expired', idNat: CLAIRE.idNat });
    expect(await new KeytarSecretStore().get(SECRET_SERVICE, SecretAccounts.refreshToken(CLAIRE.idNat))).toBeNull();
    expect(audit.actions()).toContain('refresh-failed:failure');
  });
});
