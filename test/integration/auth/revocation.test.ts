// Revocation of the operator's certificate: a server certificate issued by the sandbox CA for this test
// only (the sandbox's shared server certificate is never revoked), served by small TLS listeners on
// 127.0.0.1 that record every byte the client writes. Before revocation the client reaches the login
// (the check lets it through); after `revokeCert`, IMAP, SMTP and HTTPS stop inside the handshake: not
// one byte (no token) reaches the server. Then the last good CRL kept on disk, and CRL distribution points.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CredentialsProvider as MailCredentialsProvider } from '../../../main/auth/credentials';
import { createTrustedFetch } from '../../../main/net/trusted-fetch';
import { fetchHttps } from '../../../main/autoconfig/fetch-https';
import { AutoconfigError } from '../../../main/autoconfig/errors';
import { RevocationUnavailableError, ServerCertificateRevokedError, type RevocationConfig } from '../../../main/net/revocation';
import { sendOverSmtp } from '../../../main/send/smtp';
import { AuthFailedError, connectImap } from '../../../main/sync/connection';
import type { CredentialsProvider, ImapServerConfig } from '../../../main/sync/types';
import { PATHS } from '../../../sandbox/config';
import { PKI_FILES, issueCert, revokeCert } from '../../../sandbox/pki';

interface Recorder {
  port: number;
  /** Bytes written by the client, per TLS session established. */
  received: Buffer[];
  /** TCP connections accepted (a handshake the client aborts never becomes a TLS session). */
  tcp(): number;
  close(): Promise<void>;
}

/** TLS listener speaking just enough IMAP or SMTP to reach the login, and keeping what it receives. */
async function tlsRecorder(key: Buffer, cert: Buffer, protocol: 'imap' | 'smtp'): Promise<Recorder> {
  const received: Buffer[] = [];
  const server = tls.createServer({ key, cert: Buffer.concat([cert, fs.readFileSync(PATHS.caCert)]) }, (socket) => {
    const index = received.push(Buffer.alloc(0)) - 1;
    socket.on('error', () => {});
    socket.write(protocol === 'imap' ? '* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=XOAUTH2] test\r\n' : '220 test ESMTP\r\n');
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      received[index] = Buffer.concat([received[index]!, chunk]);
      pending += chunk.toString('latin1');
      let i: number;
      while ((i = pending.indexOf('\r\n')) >= 0) {
        const line = pending.slice(0, i);
        pending = pending.slice(i + 2);
        if (protocol === 'imap') {
          const tag = line.split(' ')[0];
          if (/ AUTHENTICATE /i.test(line)) socket.write(`${tag} NO [AUTHENTICATIONFAILED] refused by test server\r\n`);
          else if (/ CAPABILITY/i.test(line)) socket.write(`* CAPABILITY IMAP4rev1 SASL-IR AUTH=XOAUTH2\r\n${tag} OK done\r\n`);
          else socket.write(`${tag} OK done\r\n`);
        } else if (/^EHLO/i.test(line)) socket.write('250-test\r\n250 AUTH XOAUTH2\r\n');
        else if (/^AUTH/i.test(line)) socket.write('535 5.7.8 refused by test server\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  let tcp = 0;
  server.on('connection', () => tcp++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    received,
    tcp: () => tcp,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

const ca = () => fs.readFileSync(PATHS.caCert, 'utf8');
const tokenCreds: CredentialsProvider = async (bal) => ({ user: bal, auth: { kind: 'xoauth2', accessToken: 'tok-revocation-test' } });
const mailCreds: MailCredentialsProvider = {
  getCredentials: async (bal) => ({ user: bal, accessToken: 'tok-revocation-test' }),
  reportRefused: () => {},
};
const BAL = 'bob.durand@test.mssante.fr';

let tmp: string;
let name: string;
let imap: Recorder;
let smtp: Recorder;
let web: https.Server;
let webPort = 0;
let webHits = 0;

function revocation(cacheDir: string, crlFiles: string[] = [PATHS.caCrl]): RevocationConfig {
  return { anchorsPem: [ca()], crlFiles, cacheDir };
}
function imapServer(rev: RevocationConfig, port = imap.port): ImapServerConfig {
  return { host: '127.0.0.1', port, security: 'tls', servername: 'localhost', caPem: [ca()], revocation: rev };
}
const allReceived = (r: Recorder) => Buffer.concat(r.received).toString('latin1');

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'revocation-it-'));
  name = `revocation-it-${process.pid}-${Date.now()}`;
  const issued = await issueCert({ name, subject: '/C=FR/O=TEST OPERATEUR REVOQUE (NOT REAL)/CN=localhost', kind: 'server', san: ['DNS:localhost', 'IP:127.0.0.1'], force: true });
  const key = fs.readFileSync(issued.key!);
  const cert = fs.readFileSync(issued.cert);
  imap = await tlsRecorder(key, cert, 'imap');
  smtp = await tlsRecorder(key, cert, 'smtp');
  web = https.createServer({ key, cert }, (_req, res) => {
    webHits++;
    res.end('{}');
  });
  await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
  webPort = (web.address() as AddressInfo).port;
});

afterAll(async () => {
  await imap?.close();
  await smtp?.close();
  await new Promise((r) => web?.close(r));
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('revoked operator certificate', () => {
  it('before revocation the check lets the connection through to the login (and keeps the CRL on disk)', async () => {
    const rev = revocation(path.join(tmp, 'crl'));
    const err = await connectImap(BAL, imapServer(rev), tokenCreds).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthFailedError); // the test server refuses every login
    expect(allReceived(imap)).toMatch(/AUTHENTICATE XOAUTH2/);
    expect(fs.readdirSync(path.join(tmp, 'crl')).some((f) => f.endsWith('.crl'))).toBe(true);
    const res = await createTrustedFetch({ extraCa: [ca()], revocation: rev })(`https://localhost:${webPort}/x`);
    expect(res.status).toBe(200);
    expect(webHits).toBe(1);
    // Autoconfiguration discovery's own https fetch is checked the same way.
    const doc = await fetchHttps(`https://localhost:${webPort}/x`, { testMode: true, extraCa: [Buffer.from(ca())], revocation: rev });
    expect(doc.status).toBe(200);
    expect(webHits).toBe(2);
  });

  it('after revocation: IMAP, SMTP and HTTPS refuse inside the handshake, nothing is written, French error', async () => {
    await revokeCert(name);
    const rev = revocation(path.join(tmp, 'crl'));
    const before = imap.received.length;
    const tcpBefore = imap.tcp();
    const err = await connectImap(BAL, imapServer(rev), tokenCreds).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServerCertificateRevokedError);
    expect((err as Error).message).toMatch(/Le certificat du serveur localhost a été révoqué.*Contactez votre opérateur/);
    expect(imap.tcp()).toBeGreaterThan(tcpBefore); // the server was reached…
    expect(imap.received.slice(before).every((b) => b.length === 0)).toBe(true); // …and not one byte written over TLS

    const outcome = await sendOverSmtp(
      { host: '127.0.0.1', port: smtp.port, security: 'tls', servername: 'localhost', extraCa: [ca()], revocation: rev },
      mailCreds,
      { from: BAL, to: ['alice.martin@test.mssante.fr'], raw: Buffer.from('Subject: t\r\n\r\nx\r\n') },
      { connectionMs: 5000, greetingMs: 5000, socketMs: 5000 },
    );
    expect(outcome).toMatchObject({ kind: 'retry', message: expect.stringMatching(/a été révoqué/) });
    expect(smtp.tcp()).toBeGreaterThan(0);
    expect(allReceived(smtp)).toBe('');

    const fetchErr = await createTrustedFetch({ extraCa: [ca()], revocation: rev })(`https://localhost:${webPort}/x`, { method: 'POST', body: 'client_secret=never' }).catch((e: unknown) => e);
    expect(fetchErr).toBeInstanceOf(ServerCertificateRevokedError);
    const discoveryErr = await fetchHttps(`https://localhost:${webPort}/x`, { testMode: true, extraCa: [Buffer.from(ca())], revocation: rev }).catch((e: unknown) => e);
    expect(discoveryErr).toBeInstanceOf(AutoconfigError);
    expect(discoveryErr).toMatchObject({ code: 'certificate-revoked', message: expect.stringMatching(/a été révoqué/) });
    expect(webHits).toBe(2);
  });

  it('CRL source unreachable: the last good CRL kept on disk still refuses; without it, the connection is refused too', async () => {
    const missing = path.join(tmp, 'no-such.crl');
    const kept = await connectImap(BAL, imapServer(revocation(path.join(tmp, 'crl'), [missing])), tokenCreds).catch((e: unknown) => e);
    expect(kept).toBeInstanceOf(ServerCertificateRevokedError);
    const none = await connectImap(BAL, imapServer(revocation(path.join(tmp, 'empty'), [missing])), tokenCreds).catch((e: unknown) => e);
    expect(none).toBeInstanceOf(RevocationUnavailableError);
    expect((none as Error).message).toMatch(/Impossible de vérifier que le certificat du serveur localhost n'est pas révoqué/);
  });
});

describe('CRL distribution point named in the certificate', () => {
  it('downloads the CRL over http, verifies it, and refuses once the certificate is revoked', async () => {
    let downloads = 0;
    const crlServer = http.createServer((_req, res) => {
      downloads++;
      res.end(fs.readFileSync(PKI_FILES.crlDer));
    });
    await new Promise<void>((r) => crlServer.listen(0, '127.0.0.1', r));
    const crlUrl = `http://127.0.0.1:${(crlServer.address() as AddressInfo).port}/ac.crl`;
    const cdpName = `${name}-cdp`;
    const issued = await issueCert({ name: cdpName, subject: '/C=FR/O=TEST OPERATEUR CDP (NOT REAL)/CN=localhost', kind: 'server', san: ['DNS:localhost', 'IP:127.0.0.1'], crlUrls: [crlUrl], force: true });
    const server = await tlsRecorder(fs.readFileSync(issued.key!), fs.readFileSync(issued.cert), 'imap');
    try {
      // No CRL file, no copy on disk: only the distribution point can answer.
      const first = await connectImap(BAL, imapServer(revocation(path.join(tmp, 'cdp1'), []), server.port), tokenCreds).catch((e: unknown) => e);
      expect(first).toBeInstanceOf(AuthFailedError);
      expect(downloads).toBe(1);
      expect(allReceived(server)).toMatch(/AUTHENTICATE XOAUTH2/);

      await revokeCert(cdpName);
      const afterRevoke = await connectImap(BAL, imapServer(revocation(path.join(tmp, 'cdp2'), []), server.port), tokenCreds).catch((e: unknown) => e);
      expect(afterRevoke).toBeInstanceOf(ServerCertificateRevokedError);
      expect(downloads).toBe(2);
    } finally {
      await server.close();
      await new Promise((r) => crlServer.close(r));
    }
  });
});
