// IMAP login with a software certificate: TLS client authentication, then SASL EXTERNAL with the BAL as
// authorization identity. imapflow has no EXTERNAL, so this is a small raw IMAP exchange used to check
// that a certificate opens a BAL (account setup, diagnostics). Never logs server lines (they may carry data).
import tls from 'node:tls';
import { isCertificateError, peerChainTrusted, tlsClientOptions, type TrustOptions } from '../../net/trust';
import { CertificateAuthError } from './errors';

export interface ExternalLoginOptions {
  host: string;
  port: number;
  servername?: string;
  pfx: Buffer;
  passphrase: string;
  /** Authorization identity: the BAL to open (empty = the certificate's own identity). */
  authzid: string;
  trust?: TrustOptions;
  timeoutMs?: number;
}

export interface ExternalLoginResult {
  /** Capabilities announced after login (e.g. to check the session is usable). */
  capabilities: string[];
}

class LineReader {
  private buffer = '';
  private readonly lines: string[] = [];
  private waiter: ((line: string) => void) | null = null;
  private failure: Error | null = null;
  private failWaiter: ((err: Error) => void) | null = null;

  push(chunk: Buffer): void {
    this.buffer += chunk.toString('latin1');
    let i: number;
    while ((i = this.buffer.indexOf('\r\n')) >= 0) {
      const line = this.buffer.slice(0, i);
      this.buffer = this.buffer.slice(i + 2);
      if (this.waiter) {
        const w = this.waiter;
        this.waiter = null;
        this.failWaiter = null;
        w(line);
      } else this.lines.push(line);
    }
  }

  fail(err: Error): void {
    this.failure ??= err;
    if (this.failWaiter) {
      const f = this.failWaiter;
      this.waiter = null;
      this.failWaiter = null;
      f(this.failure);
    }
  }

  next(): Promise<string> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiter = resolve;
      this.failWaiter = reject;
    });
  }
}

function tlsFailure(err: unknown): CertificateAuthError {
  if (err instanceof CertificateAuthError) return err;
  if (isCertificateError(err)) return new CertificateAuthError('server-untrusted', { cause: err });
  const code = String((err as { code?: unknown })?.code ?? '');
  const text = err instanceof Error ? err.message : '';
  if (/ALERT|SSL|HANDSHAKE/i.test(code) || /alert|handshake/i.test(text) || code === 'ECONNRESET') return new CertificateAuthError('tls-refused', { cause: err });
  if (/mac verify|decrypt/i.test(text)) return new CertificateAuthError('bad-password', { cause: err });
  if (/ECONNREFUSED|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN/.test(code)) return new CertificateAuthError('network', { cause: err });
  return new CertificateAuthError('protocol', { cause: err });
}

export async function checkExternalLogin(o: ExternalLoginOptions): Promise<ExternalLoginResult> {
  const reader = new LineReader();
  let socket: tls.TLSSocket;
  try {
    socket = tls.connect({ host: o.host, port: o.port, servername: o.servername ?? o.host, pfx: o.pfx, passphrase: o.passphrase, ...tlsClientOptions(o.trust) });
  } catch (err) {
    throw tlsFailure(err); // bad PKCS#12 password surfaces here
  }
  socket.setTimeout(o.timeoutMs ?? 20_000, () => socket.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
  socket.on('data', (c: Buffer) => reader.push(c));
  socket.on('error', (err) => reader.fail(err));
  socket.on('close', () => reader.fail(Object.assign(new Error('connection closed'), { code: 'ECONNRESET' })));
  const send = (line: string) => socket.write(`${line}\r\n`);

  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('secureConnect', resolve);
      socket.once('error', reject);
    });
    // The .p12's own CA certificates must not vouch for the server: check against our roots only.
    if (!peerChainTrusted(socket, o.trust)) throw new CertificateAuthError('server-untrusted');
    const greeting = await reader.next();
    if (!/^\* (OK|PREAUTH)\b/i.test(greeting)) throw new CertificateAuthError('protocol');
    send('A1 AUTHENTICATE EXTERNAL');
    for (;;) {
      const line = await reader.next();
      if (line.startsWith('+')) {
        send(o.authzid ? Buffer.from(o.authzid, 'utf8').toString('base64') : '=');
        continue;
      }
      if (/^A1 OK\b/i.test(line)) {
        const caps = /\[CAPABILITY ([^\]]+)\]/i.exec(line)?.[1]?.split(' ') ?? [];
        send('A2 LOGOUT');
        return { capabilities: caps };
      }
      if (/^A1 (NO|BAD)\b/i.test(line)) throw new CertificateAuthError('login-refused');
      // untagged lines (CAPABILITY...) are ignored
    }
  } catch (err) {
    throw tlsFailure(err);
  } finally {
    socket.end();
    setTimeout(() => socket.destroy(), 1000).unref();
  }
}
