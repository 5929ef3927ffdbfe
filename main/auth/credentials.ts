// The one credentials seam used by IMAP and SMTP: at every (re)connection they ask for credentials for
// a BAL; login user = the BAL address, secret = the PSC access token of the person (the operator decides
// whether that person may open that BAL). On a refused token: drop it, refresh, retry ONCE.
import type { ImapCredentials } from '../sync/types';
import { SessionError } from './session/errors';

export interface MailCredentials {
  /** SASL user: the BAL address. */
  user: string;
  accessToken: string;
}

export interface CredentialsProvider {
  getCredentials(balAddress: string, options?: { forceRefresh?: boolean }): Promise<MailCredentials>;
  /** A server refused this token: forget it so the next getCredentials refreshes. */
  reportRefused(accessToken: string): void;
}

/** What the seam needs from the session (SessionManager implements it). */
export interface AccessTokenSource {
  getAccessToken(options?: { forceRefresh?: boolean }): Promise<string>;
  invalidateAccessToken(token: string): void;
}

export function createCredentialsProvider(session: AccessTokenSource): CredentialsProvider {
  // Last token handed out per BAL: a forced refresh only invalidates THAT token, so connections refused
  // one after the other do not refresh again when a newer token already replaced it.
  const lastIssued = new Map<string, string>();
  return {
    async getCredentials(balAddress, options = {}) {
      const user = normalizeBal(balAddress);
      const key = user.toLowerCase();
      if (options.forceRefresh) {
        const last = lastIssued.get(key);
        if (last) session.invalidateAccessToken(last);
      }
      const accessToken = await session.getAccessToken({ forceRefresh: options.forceRefresh && !lastIssued.has(key) });
      lastIssued.set(key, accessToken);
      return { user, accessToken };
    },
    reportRefused(accessToken) {
      session.invalidateAccessToken(accessToken);
    },
  };
}

/** Certificate login of a BAL (APP / ORG with an imported PKCS#12), or null when it uses PSC tokens. */
export type CertificateCredentialsLookup = (bal: string) => Promise<ImapCredentials | null>;

/**
 * Adapter to the sync engine's provider shape `(bal, { forceRefresh }) => { user, auth }`: a BAL with a
 * software certificate gets TLS client-certificate + SASL EXTERNAL credentials (authzid = the BAL),
 * any other BAL the person's PSC token through XOAUTH2.
 */
export function imapCredentialsProvider(credentials: CredentialsProvider, certificateFor?: CertificateCredentialsLookup) {
  return async (bal: string, options: { forceRefresh: boolean }): Promise<ImapCredentials> => {
    const cert = certificateFor ? await certificateFor(bal) : null;
    if (cert) return cert;
    const c = await credentials.getCredentials(bal, options);
    return { user: c.user, auth: { kind: 'xoauth2' as const, accessToken: c.accessToken } };
  };
}

function normalizeBal(address: string): string {
  const a = address.trim();
  if (!/^[^\s@]+@[^\s@]+$/.test(a)) throw new TypeError('invalid BAL address');
  return a;
}

// ---- SASL initial responses ----------------------------------------------------------------------

/** XOAUTH2 initial response before base64: `user=<BAL>\x01auth=Bearer <token>\x01\x01`. */
export function xoauth2Raw(user: string, accessToken: string): string {
  return `user=${user}\x01auth=Bearer ${accessToken}\x01\x01`;
}

export function xoauth2InitialResponse(user: string, accessToken: string): string {
  return Buffer.from(xoauth2Raw(user, accessToken), 'utf8').toString('base64');
}

/** OAUTHBEARER (RFC 7628) initial response, base64. host/port must describe the connection in use. */
export function oauthBearerInitialResponse(user: string, accessToken: string, host: string, port: number): string {
  const gs2User = user.replace(/=/g, '=3D').replace(/,/g, '=2C');
  const raw = `n,a=${gs2User},\x01host=${host}\x01port=${port}\x01auth=Bearer ${accessToken}\x01\x01`;
  return Buffer.from(raw, 'utf8').toString('base64');
}

/**
 * imapflow prefers OAUTHBEARER when advertised (support by MSSanté operators is unknown): hide that
 * capability on an ImapFlow instance so it uses XOAUTH2. Call before connect().
 */
export function forceXoauth2(client: { capabilities: Map<string, unknown> }): void {
  let caps = client.capabilities;
  Object.defineProperty(client, 'capabilities', {
    configurable: true,
    enumerable: true,
    get: () => caps,
    set: (value: Map<string, unknown>) => {
      if (value instanceof Map && value.has('AUTH=XOAUTH2')) value.delete('AUTH=OAUTHBEARER');
      caps = value;
    },
  });
  client.capabilities = caps;
}

// ---- refusal detection and errors -------------------------------------------------------------------

export type MailAuthErrorCode = 'session-expired' | 'no-right' | 'session-locked' | 'not-logged-in';

const MAIL_AUTH_MESSAGES: Record<MailAuthErrorCode, string> = {
  'session-expired': 'Votre session Pro Santé Connect a expiré : reconnectez-vous.',
  'no-right':
    "Vous n'avez pas de droit sur cette boîte aux lettres (ou les conditions d'utilisation de l'opérateur n'ont pas encore été acceptées). Demandez au titulaire de la boîte de vous déléguer l'accès, ou acceptez les conditions d'utilisation sur le site de l'opérateur.",
  'session-locked': 'La session est verrouillée : authentifiez-vous de nouveau pour accéder aux boîtes aux lettres.',
  'not-logged-in': "Vous n'êtes pas connecté à Pro Santé Connect : connectez-vous pour accéder à vos boîtes aux lettres.",
};

export class MailAuthError extends Error {
  override readonly name = 'MailAuthError';
  constructor(
    readonly code: MailAuthErrorCode,
    readonly balAddress: string,
    options?: { cause?: unknown },
  ) {
    super(MAIL_AUTH_MESSAGES[code], options);
  }
}

export interface RefusalInfo {
  protocol: 'imap' | 'smtp';
  /** HTTP-like status the operator put in its SASL error JSON ("401", "403"...), when it sent one. */
  status?: string;
}

/** Decodes an operator's SASL error challenge (base64 JSON such as {"status":"401","schemes":"bearer"}). */
export function decodeSaslErrorChallenge(base64: string): { status?: string; schemes?: string; scope?: string } | null {
  try {
    const json = JSON.parse(Buffer.from(base64.trim(), 'base64').toString('utf8')) as Record<string, unknown>;
    if (!json || typeof json !== 'object') return null;
    const pick = (k: string) => (typeof json[k] === 'string' || typeof json[k] === 'number' ? String(json[k]) : undefined);
    return { status: pick('status'), schemes: pick('schemes'), scope: pick('scope') };
  } catch {
    return null;
  }
}

/**
 * Whether an error from imapflow or nodemailer means "the server refused the token" (as opposed to a
 * network or protocol failure). IMAP: NO [AUTHENTICATIONFAILED] (imapflow sets authenticationFailed).
 * SMTP: 535, or the operator's 334 + base64 JSON status then a dropped connection.
 */
export function classifyAuthRefusal(err: unknown): RefusalInfo | null {
  const e = err as Record<string, unknown> | null | undefined;
  if (!e || typeof e !== 'object') return null;
  if (e.authenticationFailed === true || e.serverResponseCode === 'AUTHENTICATIONFAILED') {
    const status = typeof (e.oauthError as { status?: unknown } | undefined)?.status === 'string' ? String((e.oauthError as { status: string }).status) : undefined;
    return { protocol: 'imap', status };
  }
  const command = typeof e.command === 'string' ? e.command : '';
  const response = typeof e.response === 'string' ? e.response : '';
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const code = typeof e.code === 'string' ? e.code : '';
  const m = /^334[ -](\S+)/.exec(response);
  const challenge = m?.[1] ? decodeSaslErrorChallenge(m[1]) : null;
  if (challenge) return { protocol: 'smtp', status: challenge.status };
  if (responseCode === 535 || (code === 'EAUTH' && /^AUTH/i.test(command))) return { protocol: 'smtp' };
  // The operator answered 334 then dropped the connection before any final reply.
  if (/^AUTH XOAUTH2/i.test(command) && (code === 'ECONNECTION' || code === 'ESOCKET')) return { protocol: 'smtp' };
  return null;
}

function sessionToMailError(err: unknown, bal: string): unknown {
  if (err instanceof SessionError) {
    const code: MailAuthErrorCode = err.code === 'locked' ? 'session-locked' : err.code === 'expired' ? 'session-expired' : 'not-logged-in';
    return new MailAuthError(code, bal, { cause: err });
  }
  return err;
}

/**
 * Runs `connect` with fresh credentials; on a token refusal drops that token, refreshes, and retries ONCE.
 * A second refusal with a token just obtained from PSC means the person has no right on that BAL.
 * A session that cannot refresh surfaces as MailAuthError('session-expired').
 */
export async function withTokenRetry<T>(credentials: CredentialsProvider, balAddress: string, connect: (creds: MailCredentials) => Promise<T>): Promise<T> {
  let creds: MailCredentials;
  try {
    creds = await credentials.getCredentials(balAddress);
  } catch (err) {
    throw sessionToMailError(err, balAddress);
  }
  try {
    return await connect(creds);
  } catch (err) {
    if (!classifyAuthRefusal(err)) throw err;
    credentials.reportRefused(creds.accessToken);
  }
  try {
    creds = await credentials.getCredentials(balAddress, { forceRefresh: true });
  } catch (err) {
    throw sessionToMailError(err, balAddress);
  }
  try {
    return await connect(creds);
  } catch (err) {
    const refusal = classifyAuthRefusal(err);
    if (!refusal) throw err;
    credentials.reportRefused(creds.accessToken);
    throw new MailAuthError('no-right', balAddress, { cause: err });
  }
}
