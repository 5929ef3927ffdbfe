// One SMTP submission (nodemailer): STARTTLS (587-style, mandatory) or implicit TLS, TLS ≥ 1.2 with the
// app's trust, SASL XOAUTH2 with the person's PSC token (login user = the BAL), DSN parameters when asked.
// The outcome is classified so the outbox knows whether the message certainly left, certainly did not, or
// may have (connection lost after DATA).
import nodemailer from 'nodemailer';
import { MailAuthError, type CredentialsProvider, withTokenRetry } from '../auth/credentials';
import { type RevocationConfig, findRevocationError, revocationCheckerFor, withRevocationCheck } from '../net/revocation';
import { isCertificateError, trustedCaList } from '../net/trust';
import { SMTP_TEXT } from './errors';

export interface SmtpServer {
  host: string;
  port: number;
  security: 'starttls' | 'tls';
  servername?: string;
  /** Extra trusted roots (added to the system roots). */
  extraCa?: ReadonlyArray<string | Buffer>;
  /** Revocation check (CRL) of the server's chain, inside the handshake: nothing is sent to a revoked server. */
  revocation?: RevocationConfig;
}

export interface SmtpItem {
  from: string;
  to: string[];
  raw: Buffer;
  /** DSN asked: envelope id (ENVID) and NOTIFY conditions. */
  dsn?: { envelopeId: string; notify: Array<'success' | 'failure' | 'delay'> } | null;
}

export type SmtpOutcome =
  | { kind: 'sent'; response: string; rejected: Array<{ address: string; detail: string }> }
  /** Certainly not accepted; do not retry without a change (rights, size, recipients, 5xx). */
  | { kind: 'refused'; message: string; response: string | null; rejected: Array<{ address: string; detail: string }> }
  /** Certainly not accepted; retry later (network, 4xx, TLS, session). */
  | { kind: 'retry'; message: string; response: string | null; waitForSession: boolean }
  /** The connection dropped after the message data was sent: it may have been accepted. */
  | { kind: 'uncertain'; message: string };

export interface SmtpTimeouts {
  connectionMs: number;
  greetingMs: number;
  socketMs: number;
}
const DEFAULT_TIMEOUTS: SmtpTimeouts = { connectionMs: 20_000, greetingMs: 15_000, socketMs: 120_000 };

type NodemailerError = Error & {
  code?: string;
  command?: string;
  response?: string;
  responseCode?: number;
  rejected?: string[];
  rejectedErrors?: Array<NodemailerError & { recipient?: string }>;
};

function transportFor(server: SmtpServer, user: string, accessToken: string, t: SmtpTimeouts) {
  return nodemailer.createTransport({
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    requireTLS: server.security === 'starttls',
    tls: {
      minVersion: 'TLSv1.2',
      ca: trustedCaList({ extraCa: server.extraCa }),
      rejectUnauthorized: true,
      ...(server.servername ? { servername: server.servername } : {}),
      ...(server.revocation ? { checkServerIdentity: revocationCheckerFor(server.revocation).checkServerIdentity } : {}),
    },
    auth: { type: 'OAuth2', user, accessToken },
    connectionTimeout: t.connectionMs,
    greetingTimeout: t.greetingMs,
    socketTimeout: t.socketMs,
    logger: false,
    debug: false,
  });
}

const shortResponse = (r: string | undefined) => (r ? r.replace(/[\r\n]+/g, ' ').slice(0, 300) : null);

function rejectedOf(err: NodemailerError): Array<{ address: string; detail: string }> {
  const list = err.rejectedErrors?.map((e) => ({ address: e.recipient ?? '', detail: shortResponse(e.response) ?? 'refusé' })) ?? [];
  if (list.length === 0 && err.rejected) return err.rejected.map((a) => ({ address: a, detail: shortResponse(err.response) ?? 'refusé' }));
  return list.filter((r) => r.address);
}

export function classifySmtpError(err: unknown): SmtpOutcome {
  if (err instanceof MailAuthError) {
    if (err.code === 'no-right') return { kind: 'refused', message: SMTP_TEXT.noRight, response: null, rejected: [] };
    return { kind: 'retry', message: SMTP_TEXT.sessionExpired, response: null, waitForSession: true };
  }
  const revocation = findRevocationError(err);
  if (revocation) return { kind: 'retry', message: revocation.message, response: null, waitForSession: false };
  const e = err as NodemailerError;
  const code = e.responseCode;
  const response = shortResponse(e.response);
  if (e.code === 'EENVELOPE' && code !== undefined && code >= 500 && /^(RCPT|DATA)/i.test(e.command ?? 'RCPT')) {
    const rejected = rejectedOf(e);
    if (rejected.length > 0) return { kind: 'refused', message: SMTP_TEXT.recipients(rejected.map((r) => r.address)), response, rejected };
  }
  if (code === 553 || (code !== undefined && code >= 500 && /^MAIL/i.test(e.command ?? '') && /not owned|sender/i.test(e.response ?? ''))) {
    return { kind: 'refused', message: SMTP_TEXT.rights, response, rejected: [] };
  }
  if (code === 552 || code === 523 || e.code === 'EMESSAGE_SIZE' || /size/i.test(e.response ?? '') && code !== undefined && code >= 500) {
    return { kind: 'refused', message: SMTP_TEXT.size, response, rejected: [] };
  }
  if (code !== undefined && code >= 500) return { kind: 'refused', message: SMTP_TEXT.refused(code), response, rejected: rejectedOf(e) };
  if (code !== undefined && code >= 400) return { kind: 'retry', message: SMTP_TEXT.temporary, response, waitForSession: false };
  if (isCertificateError(err)) return { kind: 'retry', message: SMTP_TEXT.tls, response: null, waitForSession: false };
  // No SMTP answer: the connection failed. After the data was streamed, acceptance is unknown.
  if (/^DATA|^API$/i.test(e.command ?? '') || e.code === 'ESTREAM') return { kind: 'uncertain', message: SMTP_TEXT.interrupted };
  return { kind: 'retry', message: SMTP_TEXT.unreachable, response: null, waitForSession: false };
}

/** Sends one message; never throws (the outcome says what happened). */
export async function sendOverSmtp(
  server: SmtpServer,
  credentials: CredentialsProvider,
  item: SmtpItem,
  timeouts: SmtpTimeouts = DEFAULT_TIMEOUTS,
): Promise<SmtpOutcome> {
  try {
    const checker = server.revocation ? revocationCheckerFor(server.revocation) : null;
    const info = await withTokenRetry(credentials, item.from, (creds) =>
      withRevocationCheck(checker, async () => {
        const transport = transportFor(server, creds.user, creds.accessToken, timeouts);
        try {
          return await transport.sendMail({
            envelope: { from: item.from, to: item.to },
            raw: item.raw,
            ...(item.dsn ? { dsn: { id: item.dsn.envelopeId, return: 'headers', notify: item.dsn.notify } } : {}),
          });
        } finally {
          transport.close();
        }
      }),
    );
    const rejectedErrors = ((info as unknown as { rejectedErrors?: Array<NodemailerError & { recipient?: string }> }).rejectedErrors ?? [])
      .map((e) => ({ address: e.recipient ?? '', detail: shortResponse(e.response) ?? 'refusé' }))
      .filter((r) => r.address);
    const rejected = rejectedErrors.length > 0 ? rejectedErrors : ((info.rejected ?? []) as Array<string | { address: string }>).map((a) => ({ address: typeof a === 'string' ? a : a.address, detail: 'refusé' }));
    return { kind: 'sent', response: shortResponse(info.response) ?? '250', rejected };
  } catch (err) {
    return classifySmtpError(err);
  }
}
