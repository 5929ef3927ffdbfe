// The real outbox sender (main/send: SendContext + OutboxSender) over a private encrypted cache, logged in
// as Dr Bob DURAND with a real PSC access token from the sandbox provider (XOAUTH2 on Postfix submission).
// Items go to the torture BAL, with Bob's own BAL in copy (the recovery of an interrupted send looks for
// that copy before resending). The Sent lookups and copies go through a real sync engine (as in the app).
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import type { BalSummary, SessionInfo } from '../../shared/types';
import { BALS, HOST, PATHS, PEOPLE, PORTS, PSC_CONTROL_URL } from '../../sandbox/config';
import { imapCredentialsProvider, type CredentialsProvider } from '../../main/auth/credentials';
import { SendContext } from '../../main/send/context';
import { OutboxSender } from '../../main/send/outbox-sender';
import type { OutboxMeta } from '../../main/send/outbox-meta';
import { writesOn } from '../../main/store/app-writes';
import type { StoreReader } from '../../main/store/reader';
import type { StoreWriter } from '../../main/store/writer';
import { TORTURE_BAL } from './lib';
import { outgoingEngine, type OutgoingEngine } from '../outgoing-engine';

export const SENDER = PEOPLE.find((p) => p.idNat === '810009876543')!;
export const SENDER_BAL = BALS.find((b) => b.address.startsWith('bob.'))!;

/** POST to the sandbox PSC's test controls (loopback, sandbox CA). */
export function pscControl(pathname: string, params: Record<string, string>): Promise<Record<string, unknown>> {
  const body = new URLSearchParams(params).toString();
  const url = new URL(`${PSC_CONTROL_URL}/${pathname}`);
  return new Promise((resolve, reject) => {
    const req = https.request(
      { hostname: url.hostname, port: url.port, path: url.pathname, method: 'POST', ca: fs.readFileSync(PATHS.caCert), headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let data = '';
        res.on('data', (c) => (data += c));
        res.on('end', () => {
          try {
            resolve(JSON.parse(data) as Record<string, unknown>);
          } catch (e) {
            reject(e);
          }
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Tokens issued in this process (the log scan looks for them). */
export const ISSUED_TOKENS: string[] = [];

export async function issueToken(idNat: string, ttlSeconds = 300): Promise<string> {
  const r = await pscControl('token', { idNat, ttlSeconds: String(ttlSeconds) });
  if (typeof r.access_token !== 'string') throw new Error(`no token: ${JSON.stringify(r)}`);
  ISSUED_TOKENS.push(r.access_token);
  return r.access_token;
}

/** Token credentials (the app's seam shape); a refusal asks a fresh token. */
export function tokenCredentials(idNat: string, onToken?: (t: string) => void): CredentialsProvider {
  let current: string | null = null;
  return {
    async getCredentials(bal, options = {}) {
      if (!current || options.forceRefresh) current = await issueToken(idNat);
      onToken?.(current);
      return { user: bal, accessToken: current };
    },
    reportRefused(t) {
      if (t === current) current = null;
    },
  };
}

export interface Harness {
  sender: OutboxSender;
  ctx: SendContext;
  /** The sending side's way to IMAP; stop it when done. */
  outgoing: OutgoingEngine;
}

export function makeSender(cache: { reader: StoreReader; writer: StoreWriter }, o: { smtpPort?: number; imapPort?: number; credentials?: CredentialsProvider } = {}): Harness {
  const session: SessionInfo = { idNat: SENDER.idNat, givenName: SENDER.givenName, familyName: SENDER.familyName, profession: SENDER.profession, method: 'CARD', locked: false, offline: false, since: Date.now() };
  const bal: BalSummary = { address: SENDER_BAL.address, type: 'PER', label: SENDER_BAL.label, role: 'titulaire', unread: 0, active: true, confirmedAt: Date.now() };
  const credentials = o.credentials ?? tokenCredentials(SENDER.idNat);
  const outgoing = outgoingEngine(cache.writer, imapCredentialsProvider(credentials), (address) => ({
    address, type: 'PER', label: SENDER_BAL.label,
    imap: { host: HOST, port: o.imapPort ?? PORTS.imap, security: 'starttls', servername: 'localhost', caPem: [fs.readFileSync(PATHS.caCert, 'utf8')] },
  }), { connectionBudget: 2 });
  const ctx = new SendContext({
    cache: () => ({ reader: cache.reader, writes: writesOn(cache.writer) }),
    session: () => session,
    credentials,
    imap: outgoing.imap,
    mailboxes: () => [bal],
    accountServers: () => ({ smtp: { host: HOST, port: o.smtpPort ?? PORTS.submission, security: 'starttls' } }),
    settings: {} as never,
    extraCa: [fs.readFileSync(PATHS.caCert)],
    emit: () => {},
    options: {
      retryDelaysMs: [100, 300, 800],
      recoveryGraceMs: 4_000,
      pollMs: 60_000,
      servername: 'localhost',
      smtpTimeouts: { connectionMs: 5_000, greetingMs: 5_000, socketMs: 8_000 },
    },
  });
  return { sender: new OutboxSender(ctx), ctx, outgoing };
}

/** Queues `n` messages as the composer would (outbox row + metadata). Returns their Message-IDs. */
export function enqueue(writer: StoreWriter, n: number, tag: string): string[] {
  const accountId = writer.upsertAccount({ address: SENDER_BAL.address, type: 'PER', label: SENDER_BAL.label });
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const envelopeId = crypto.randomBytes(12).toString('hex');
    const messageId = `<${envelopeId}@torture.${tag}.test>`;
    const to = [TORTURE_BAL.address, SENDER_BAL.address];
    const raw = Buffer.from(
      `From: ${SENDER_BAL.label} <${SENDER_BAL.address}>\r\nTo: ${TORTURE_BAL.address}\r\nCc: ${SENDER_BAL.address}\r\n` +
        `Subject: Envoi torture ${tag} ${i}\r\nMessage-ID: ${messageId}\r\nDate: ${new Date().toUTCString()}\r\nMIME-Version: 1.0\r\n` +
        `Content-Type: text/plain; charset=utf-8\r\n\r\nEnvoi ${i}.\r\n${'Texte de remplissage. '.repeat(200)}\r\n`,
    );
    writer.enqueueOutbox({ accountId, messageId, raw, envelope: { from: SENDER_BAL.address, to } });
    const meta: OutboxMeta = {
      v: 1, kind: 'message', messageId, envelopeId, bal: SENDER_BAL.address, subject: `Envoi torture ${tag} ${i}`, to: [TORTURE_BAL.address],
      cc: [SENDER_BAL.address], bcc: [], sentBy: { idNat: SENDER.idNat, name: `${SENDER.givenName} ${SENDER.familyName}` }, requestDsn: false,
      requestReadReceipt: false, recipients: Object.fromEntries(to.map((a) => [a.toLowerCase(), { address: a, status: 'pending', detail: null, at: null }])),
    } as OutboxMeta;
    void writesOn(writer).putOutboxMeta(meta);
    ids.push(messageId);
  }
  return ids;
}

/** Whether every outbox item is sent and copied to Sent. */
export function outboxSettled(reader: StoreReader): boolean {
  const items = reader.listOutbox();
  return items.length > 0 && items.every((o) => o.state === 'sent' && o.appendedToSent);
}
