// Helpers for the sandbox operator's integration tests (real Dovecot, Postfix, PSC provider).
import fs from 'node:fs';
import https from 'node:https';
import tls from 'node:tls';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { BALS, DOMAIN, HOST, PATHS, PORTS } from '../../../sandbox/config';

export const CA = () => fs.readFileSync(PATHS.caCert);
export const balPassword = (address: string) => BALS.find((b) => b.address === address)!.password;

export interface ImapOptions {
  port?: number;
  secure?: boolean;
  auth: { user: string; pass?: string; accessToken?: string; loginMethod?: string };
  /** imapflow prefers OAUTHBEARER when both are advertised: hide it to force XOAUTH2 (as MSSanté clients do). */
  forceXOAUTH2?: boolean;
  ca?: Buffer[] | null;
}

export function imapClient(o: ImapOptions): ImapFlow {
  const secure = o.secure ?? o.port === PORTS.imaps;
  const client = new ImapFlow({
    host: HOST,
    port: o.port ?? PORTS.imap,
    secure,
    doSTARTTLS: secure ? undefined : true,
    auth: o.auth,
    logger: false,
    tls: { ...(o.ca === null ? {} : { ca: o.ca ?? [CA()] }), servername: `imap.${DOMAIN}` },
  } as ConstructorParameters<typeof ImapFlow>[0]);
  if (o.forceXOAUTH2) {
    const c = client as unknown as { authenticate: () => Promise<unknown>; capabilities: Map<string, unknown> };
    const orig = c.authenticate.bind(client);
    c.authenticate = async () => {
      c.capabilities.delete('AUTH=OAUTHBEARER');
      return orig();
    };
  }
  client.on('error', () => undefined);
  return client;
}

/** A real access token of the sandbox PSC provider for that person (test control endpoint). */
export function pscToken(idNat: string): Promise<string> {
  const body = JSON.stringify({ idNat });
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: HOST,
        port: PORTS.psc,
        path: '/__sandbox/token',
        method: 'POST',
        servername: 'localhost',
        ca: [CA()],
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let data = '';
        res.on('data', (c) => (data += c));
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new Error(`token endpoint answered ${res.statusCode}: ${data}`));
          resolve((JSON.parse(data) as { access_token: string }).access_token);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export function pscControl(pathname: string, params: Record<string, string>): Promise<unknown> {
  const body = JSON.stringify(params);
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: HOST, port: PORTS.psc, path: pathname, method: 'POST', servername: 'localhost', ca: [CA()], headers: { 'content-type': 'application/json' } },
      (res) => {
        let data = '';
        res.on('data', (c) => (data += c));
        res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(data)) : reject(new Error(`${pathname}: ${res.statusCode} ${data}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export interface AuthError extends Error {
  authenticationFailed?: boolean;
  serverResponseCode?: string;
  responseText?: string;
}

export async function expectLoginRefused(client: ImapFlow): Promise<AuthError> {
  try {
    await client.connect();
  } catch (e) {
    return e as AuthError;
  }
  await client.logout().catch(() => undefined);
  throw new Error('login unexpectedly accepted');
}

export function smtpTransport(o: { port?: number; user: string; pass?: string; accessToken?: string }) {
  const port = o.port ?? PORTS.submission;
  return nodemailer.createTransport({
    host: HOST,
    port,
    secure: port === PORTS.submissions,
    requireTLS: port !== PORTS.submissions,
    auth: o.accessToken ? { type: 'OAuth2', user: o.user, accessToken: o.accessToken } : { user: o.user, pass: o.pass! },
    tls: { ca: [CA()], servername: `smtp.${DOMAIN}` },
  });
}

/** Raw IMAP over TLS with a client certificate and SASL EXTERNAL (imapflow has no EXTERNAL). */
export function externalLogin(o: {
  pfx?: Buffer;
  passphrase?: string;
  cert?: Buffer;
  key?: Buffer;
  authzid?: string;
  port?: number;
  /** Runs while the session is open (after a1 OK, before SELECT/LOGOUT). */
  whileLoggedIn?: () => Promise<void>;
}): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({
      host: HOST,
      port: o.port ?? PORTS.imapCert,
      ca: [CA()],
      servername: `imap.${DOMAIN}`,
      ...(o.pfx ? { pfx: o.pfx, passphrase: o.passphrase } : {}),
      ...(o.cert ? { cert: o.cert, key: o.key } : {}),
    });
    let buf = '';
    let step = 0;
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Error(`timeout: ${buf}`));
    }, 10_000);
    s.setEncoding('utf8');
    s.on('data', (d: string) => {
      buf += d;
      if (step === 0 && buf.includes('* OK')) {
        step = 1;
        s.write(`a1 AUTHENTICATE EXTERNAL ${o.authzid ? Buffer.from(o.authzid).toString('base64') : '='}\r\n`);
      } else if (step === 1 && /a1 (OK|NO|BAD)/.test(buf)) {
        const line = buf.split('\r\n').find((l) => l.startsWith('a1 '))!;
        if (!line.startsWith('a1 OK')) {
          clearTimeout(timer);
          s.end();
          reject(new Error(line));
          return;
        }
        step = 2;
        void (o.whileLoggedIn ?? (async () => undefined))()
          .catch((e: Error) => {
            buf += `\r\nwhileLoggedIn failed: ${e.message}\r\n`;
          })
          .finally(() => s.write('a2 SELECT INBOX\r\na3 LOGOUT\r\n'));
      } else if (step === 2 && buf.includes('a3 OK')) {
        clearTimeout(timer);
        s.end();
        resolve(buf);
      }
    });
    s.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    s.on('close', () => {
      clearTimeout(timer);
      if (step < 2) reject(new Error(`connection closed: ${buf.trim() || 'TLS handshake refused'}`));
    });
  });
}

export async function waitFor<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 20_000, stepMs = 300): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** imapflow's status() is typed `false | StatusObject`. */
export async function folderStatus(c: ImapFlow, path: string, query: Parameters<ImapFlow['status']>[1]) {
  const st = await c.status(path, query);
  if (!st) throw new Error(`STATUS ${path} failed`);
  return st;
}

/** Raw `AUTHENTICATE XOAUTH2` (SASL-IR) over implicit TLS: the server's JSON challenge (if any) and tagged answer. */
export function rawXoauth2(user: string, token: string, port: number = PORTS.imaps): Promise<{ challenge: unknown; final: string }> {
  const ir = Buffer.from(`user=${user}\x01auth=Bearer ${token}\x01\x01`).toString('base64');
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: HOST, port, ca: [CA()], servername: `imap.${DOMAIN}` });
    let buf = '';
    let sent = false;
    let challenge: unknown = null;
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Error(`timeout: ${buf}`));
    }, 10_000);
    s.setEncoding('utf8');
    s.on('data', (d: string) => {
      buf += d;
      if (!sent && buf.includes('* OK')) {
        sent = true;
        s.write(`a1 AUTHENTICATE XOAUTH2 ${ir}\r\n`);
        return;
      }
      const plus = /^\+ (\S*)\r\n/m.exec(buf);
      if (plus && challenge === null) {
        challenge = JSON.parse(Buffer.from(plus[1]!, 'base64').toString('utf8'));
        s.write('\r\n'); // RFC 7628: the client answers the error challenge with an empty response
      }
      const fin = /^a1 (OK|NO|BAD).*$/m.exec(buf);
      if (fin) {
        clearTimeout(timer);
        s.end('a2 LOGOUT\r\n');
        resolve({ challenge, final: fin[0] });
      }
    });
    s.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}
