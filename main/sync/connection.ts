// Opens one authenticated IMAP connection (a new ImapFlow each time: a closed client is never reused).
// TLS ≥ 1.2 with the configured CA, STARTTLS mandatory or implicit TLS; tokens through XOAUTH2 by
// default (imapflow would pick OAUTHBEARER whenever advertised); one retry with a refreshed token after
// an authentication refusal.
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import type tls from 'node:tls';
import { CertificateAuthError, type CertificateErrorCode } from '../auth/certificate/errors';
import { findRevocationError, revocationCheckerFor, withRevocationCheck } from '../net/revocation';
import { peerChainTrusted } from '../net/trust';
import type { CredentialsProvider, ImapCredentials, ImapServerConfig } from './types';

export class AuthFailedError extends Error {
  override readonly name = 'AuthFailedError';
  readonly code = 'AUTH_FAILED';
  constructor(options?: { cause?: unknown }) {
    super("L'identification auprès du serveur de messagerie a été refusée. Reconnectez-vous (carte CPS ou e-CPS).", options);
  }
}

/**
 * A software-certificate login that cannot succeed by trying again (wrong password, certificate refused
 * by the server, no right on the BAL): an AuthFailedError (the engine stops retrying) with its own text.
 */
export class CertificateLoginError extends AuthFailedError {
  constructor(readonly certificateCode: CertificateErrorCode, options?: { cause?: unknown }) {
    super(options);
    this.message = new CertificateAuthError(certificateCode).message;
  }
}

/** The credentials callback could not give credentials (no session, locked, keychain...): the person must act. */
export class CredentialsUnavailableError extends Error {
  override readonly name = 'CredentialsUnavailableError';
  readonly code = 'CREDENTIALS_UNAVAILABLE';
  constructor(readonly reason: string, options?: { cause?: unknown }) {
    super('Les identifiants de connexion à la messagerie ne sont pas disponibles : reconnectez-vous (carte CPS ou e-CPS).', options);
  }
}

/** Counts the IMAP commands a client sends (verbs only, never arguments). */
export class CommandCounter {
  readonly byVerb: Record<string, number> = {};
  total = 0;
  record(line: string): void {
    // "<tag> <VERB> ..." (UID commands and AUTHENTICATE keep their second word); continuations are not commands.
    const m = /^\S+ ([A-Za-z]+)(?: ([A-Za-z0-9-]+))?/.exec(line);
    if (!m) return;
    let verb = m[1]!.toUpperCase();
    if ((verb === 'UID' || verb === 'AUTHENTICATE') && m[2]) verb = `${verb} ${m[2].toUpperCase()}`;
    this.byVerb[verb] = (this.byVerb[verb] ?? 0) + 1;
    this.total++;
  }
  reset(): void {
    for (const k of Object.keys(this.byVerb)) delete this.byVerb[k];
    this.total = 0;
  }
}

/** imapflow logger that keeps nothing but command counts (its debug lines quote server data). */
function countingLogger(counter: CommandCounter | undefined) {
  const noop = (): void => {};
  return {
    trace: noop,
    info: noop,
    warn: noop,
    error: noop,
    debug: (o: { src?: string; msg?: string }) => {
      if (counter && o && o.src === 'c' && typeof o.msg === 'string' && !o.msg.startsWith('(*')) counter.record(o.msg);
    },
  };
}

export interface ConnectOptions {
  counter?: CommandCounter;
  socketTimeoutMs?: number;
  /** Receives VANISHED/EXPUNGE notifications (QRESYNC gives UIDs). */
  expungeHandler?: ImapFlowOptions['expungeHandler'];
}

/** imapflow internals used to add SASL EXTERNAL (imapflow 2.1.2 has no such mechanism). */
interface ImapFlowInternals {
  state: unknown;
  states: { NOT_AUTHENTICATED: unknown };
  socket: tls.TLSSocket;
  capabilities: Map<string, unknown>;
  authCapabilities: Map<string, unknown>;
  expectCapabilityUpdate: boolean;
  authenticated: unknown;
  exec(command: string, attributes: unknown[], options?: { onPlusTag?: (resp: unknown) => Promise<void> }): Promise<{ next(): void }>;
  write(chunk: string): void;
  setAuthenticationState(): Promise<void>;
  authenticate(): Promise<unknown>;
}

/**
 * AUTHENTICATE EXTERNAL with the BAL as authorization identity (RFC 4422 appendix A), after checking that
 * the server's chain leads to OUR roots (Node also trusts the CA certificates bundled in a .p12).
 */
function useSaslExternal(client: ImapFlow, server: ImapServerConfig, authzid: string): void {
  const c = client as unknown as ImapFlowInternals;
  c.authenticate = async () => {
    if (c.state !== c.states.NOT_AUTHENTICATED) return true;
    const roots = server.caPem && server.caPem.length > 0 ? { extraCa: server.caPem, includeSystemRoots: false } : {};
    if (!peerChainTrusted(c.socket, roots)) throw new CertificateLoginError('server-untrusted');
    if (!c.capabilities.has('AUTH=EXTERNAL')) throw new CertificateLoginError('login-refused');
    c.expectCapabilityUpdate = true;
    const response = authzid ? Buffer.from(authzid, 'utf8').toString('base64') : '=';
    try {
      const r = c.capabilities.has('SASL-IR')
        ? await c.exec('AUTHENTICATE', [{ type: 'ATOM', value: 'EXTERNAL' }, { type: 'ATOM', value: response, sensitive: true }])
        : await c.exec('AUTHENTICATE', [{ type: 'ATOM', value: 'EXTERNAL' }], { onPlusTag: async () => c.write(response) });
      r.next();
    } catch (err) {
      throw new CertificateLoginError('login-refused', { cause: err });
    }
    c.authCapabilities.set('AUTH=EXTERNAL', true);
    c.authenticated = authzid || true;
    await c.setAuthenticationState();
    return true;
  };
}

type ByeAware = { serverBye(parsed: unknown): Promise<void>; mssByeCode?: string };

/**
 * An operator that refuses a session after the login (e.g. a per-person cap enforced post-login answers
 * `* BYE [LIMIT] …`) closes the connection: imapflow then rejects connect() with a bare "closed" error and
 * only the BYE's text. The BYE's response code is kept here so the refusal is recognized (LIMIT ≠ network).
 */
function rememberByeResponseCode(client: ImapFlow): void {
  const c = client as unknown as ByeAware;
  const original = c.serverBye.bind(client);
  c.serverBye = (parsed: unknown) => {
    // imapflow parses "* BYE [LIMIT] text" as attributes [{ type: 'ATOM', value: '', section: [{ value: 'LIMIT' }] }, text].
    const attrs = (parsed as { attributes?: Array<{ section?: Array<{ value?: unknown }> }> } | null)?.attributes ?? [];
    const section = attrs.find((a) => a && Array.isArray(a.section))?.section;
    const code = section?.[0]?.value;
    if (typeof code === 'string') c.mssByeCode = code.toUpperCase();
    return original(parsed);
  };
}

/** The response code of the server's BYE on this client, if it sent one with a code. */
export function byeResponseCode(client: ImapFlow): string | undefined {
  return (client as unknown as ByeAware).mssByeCode;
}

export function buildClient(server: ImapServerConfig, creds: ImapCredentials, o: ConnectOptions = {}): ImapFlow {
  const implicit = server.security === 'tls';
  const auth = creds.auth.kind === 'password'
    ? { user: creds.user, pass: creds.auth.pass }
    : creds.auth.kind === 'xoauth2'
      ? { user: creds.user, accessToken: creds.auth.accessToken }
      : { user: creds.auth.authzid || creds.user };
  const checker = server.revocation ? revocationCheckerFor(server.revocation) : null;
  const client = new ImapFlow({
    host: server.host,
    port: server.port,
    secure: implicit,
    doSTARTTLS: implicit ? undefined : true,
    servername: server.servername,
    tls: {
      minVersion: 'TLSv1.2',
      ...(server.caPem && server.caPem.length > 0 ? { ca: server.caPem } : {}),
      ...(server.servername ? { servername: server.servername } : {}),
      // Revoked operator certificate: the handshake fails before any credential is written.
      ...(checker ? { checkServerIdentity: checker.checkServerIdentity } : {}),
      ...(creds.auth.kind === 'certificate' ? { pfx: Buffer.from(creds.auth.pfx), passphrase: creds.auth.passphrase } : {}),
    },
    auth: auth as ImapFlowOptions['auth'],
    qresync: true,
    disableAutoIdle: true,
    // IDLE is re-issued well before the 29 min of RFC 2177 and typical NAT timeouts.
    maxIdleTime: 9 * 60_000,
    disableCompression: false,
    logger: countingLogger(o.counter) as unknown as ImapFlowOptions['logger'],
    socketTimeout: o.socketTimeoutMs ?? 5 * 60_000,
    connectionTimeout: 20_000,
    greetingTimeout: 15_000,
    clientInfo: { name: 'Messagerie MSSanté', vendor: 'mssante-client' },
    expungeHandler: o.expungeHandler,
  });
  if (creds.auth.kind === 'certificate') useSaslExternal(client, server, creds.auth.authzid);
  if (creds.auth.kind === 'xoauth2' && (server.oauthMechanism ?? 'xoauth2') === 'xoauth2') {
    // imapflow chooses OAUTHBEARER whenever the server advertises it; hide it so XOAUTH2 is used.
    const c = client as unknown as { authenticate: () => Promise<unknown>; capabilities: Map<string, unknown> };
    const original = c.authenticate.bind(client);
    c.authenticate = async () => {
      c.capabilities.delete('AUTH=OAUTHBEARER');
      return original();
    };
  }
  // Errors also surface through the pending command / 'close'; an unhandled 'error' event would crash.
  client.on('error', () => {});
  rememberByeResponseCode(client);
  return client;
}

/**
 * Response codes (RFC 5530) of a refused login that say nothing about the credentials: too many
 * connections, server down or busy. They go through the reconnection backoff, never the token refresh.
 */
const NOT_CREDENTIALS = new Set(['LIMIT', 'UNAVAILABLE', 'INUSE', 'SERVERBUG', 'OVERQUOTA']);

export function isAuthRefusal(err: unknown): boolean {
  const e = err as { authenticationFailed?: boolean; serverResponseCode?: string } | null;
  if (!e) return false;
  const code = (e.serverResponseCode ?? '').toUpperCase();
  if (NOT_CREDENTIALS.has(code)) return false;
  return e.authenticationFailed === true || code === 'AUTHENTICATIONFAILED';
}

/** The operator refused the login for a reason other than the credentials (e.g. its connection cap). */
export class ServerRefusedLoginError extends Error {
  override readonly name = 'ServerRefusedLoginError';
  readonly code: string;
  constructor(responseCode: string, options?: { cause?: unknown }) {
    super('Le serveur de messagerie refuse temporairement la connexion (trop de connexions ou service indisponible) ; nouvel essai automatique.', options);
    this.code = responseCode === 'LIMIT' ? 'SERVER_LIMIT' : 'SERVER_UNAVAILABLE';
  }
}

/**
 * Connects and authenticates. An authentication refusal asks the credentials provider again with
 * forceRefresh and retries once (new client); a second refusal throws AuthFailedError.
 * `setup` runs on each fresh client before connect (event listeners).
 */
export async function connectImap(
  bal: string,
  server: ImapServerConfig,
  getCredentials: CredentialsProvider,
  o: ConnectOptions = {},
  setup?: (client: ImapFlow) => void,
): Promise<ImapFlow> {
  const checker = server.revocation ? revocationCheckerFor(server.revocation) : null;
  for (let attempt = 0; attempt < 2; attempt++) {
    let creds: ImapCredentials;
    try {
      creds = await getCredentials(bal, { forceRefresh: attempt > 0 });
    } catch (err) {
      const code = (err as { code?: unknown } | null)?.code;
      throw new CredentialsUnavailableError(typeof code === 'string' ? code : 'error', { cause: err });
    }
    try {
      return await withRevocationCheck(checker, async () => {
        const client = buildClient(server, creds, o);
        setup?.(client);
        try {
          await client.connect();
          return client;
        } catch (err) {
          client.close();
          const bye = byeResponseCode(client);
          const e = err as { serverResponseCode?: string } | null;
          if (bye && e && typeof e === 'object' && !e.serverResponseCode) e.serverResponseCode = bye;
          throw err;
        }
      });
    } catch (err) {
      // Revoked (or unverifiable) operator certificate: nothing was sent; a clear error, no token retry.
      const revocation = findRevocationError(err);
      if (revocation) throw revocation;
      if (creds.auth.kind === 'certificate') throw certificateFailure(err);
      const code = String((err as { serverResponseCode?: unknown } | null)?.serverResponseCode ?? '').toUpperCase();
      if (NOT_CREDENTIALS.has(code)) throw new ServerRefusedLoginError(code, { cause: err });
      if (!isAuthRefusal(err)) throw err;
      if (attempt === 1) throw new AuthFailedError({ cause: err });
    }
  }
  /* c8 ignore next */
  throw new AuthFailedError();
}

/** A failed certificate connection: final errors (password, refusal) or a network error to retry. */
function certificateFailure(err: unknown): unknown {
  if (err instanceof CertificateLoginError) return err;
  const code = String((err as { code?: unknown } | null)?.code ?? '');
  const text = err instanceof Error ? err.message : '';
  if (/mac verify|decrypt|PKCS12/i.test(text) || /PKCS12/i.test(code)) return new CertificateLoginError('bad-password', { cause: err });
  // The server ended the handshake with an alert about our certificate (unknown CA, revoked, absent).
  if (/ALERT/i.test(code) || /alert/i.test(text)) return new CertificateLoginError('tls-refused', { cause: err });
  const serverCode = String((err as { serverResponseCode?: unknown } | null)?.serverResponseCode ?? '').toUpperCase();
  if (NOT_CREDENTIALS.has(serverCode)) return new ServerRefusedLoginError(serverCode, { cause: err });
  if (isAuthRefusal(err)) return new CertificateLoginError('login-refused', { cause: err });
  return err;
}
