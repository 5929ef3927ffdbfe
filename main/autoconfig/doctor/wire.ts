// Minimal line-oriented conversation over a socket (plain or TLS) for the doctor's IMAP/SMTP probes,
// and the TLS upgrade/connection with the module's policy (checked addresses, TLS 1.2+, verified chain).
import net from 'node:net';
import tls from 'node:tls';
import { AutoconfigError, toAutoconfigError } from '../errors';
import { trustedRoots } from '../fetch-https';
import { TLS_MIN_VERSION } from '../policy';
import { resolveHost } from '../resolve';
import type { NetOptions } from '../types';

const leftovers = new WeakMap<net.Socket, string>();

/** Reads CRLF lines until `done(lines)` is true. Never logs what it reads. */
export function readUntil(sock: net.Socket, done: (lines: string[]) => boolean, timeoutMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let buf = leftovers.get(sock) ?? '';
    leftovers.delete(sock);
    const lines: string[] = [];
    const cleanup = () => {
      clearTimeout(timer);
      sock.off('data', onData);
      sock.off('error', onError);
      sock.off('close', onClose);
      sock.pause();
    };
    const consume = () => {
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        lines.push(buf.slice(0, i).replace(/\r$/, ''));
        buf = buf.slice(i + 1);
        if (done(lines)) {
          if (buf) leftovers.set(sock, buf);
          cleanup();
          resolve(lines);
          return;
        }
      }
      if (buf.length > 64 * 1024) {
        cleanup();
        reject(new AutoconfigError('network-error', 'Réponse du serveur trop longue.'));
      }
    };
    const onData = (d: Buffer) => {
      buf += d.toString('latin1');
      consume();
    };
    const onError = (e: Error) => {
      cleanup();
      reject(e);
    };
    const onClose = () => {
      cleanup();
      reject(new AutoconfigError('network-error', 'Le serveur a fermé la connexion.'));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new AutoconfigError('timeout', 'Le serveur ne répond pas dans le délai imparti.'));
    }, timeoutMs);
    sock.on('data', onData);
    sock.on('error', onError);
    sock.on('close', onClose);
    consume();
    sock.resume();
  });
}

export function send(sock: net.Socket, line: string): void {
  sock.write(`${line}\r\n`);
}

/** TCP connection to a policy-checked address of `host`. */
export async function openTcp(host: string, port: number, opts: NetOptions): Promise<{ socket: net.Socket; address: string }> {
  const addrs = await resolveHost(host, opts);
  const address = addrs[0]!.address;
  const socket = await new Promise<net.Socket>((resolve, reject) => {
    const s = net.connect({ host: address, port });
    const timer = setTimeout(() => {
      s.destroy();
      reject(new AutoconfigError('timeout', `Pas de réponse de ${host}:${port} dans le délai imparti.`));
    }, opts.timeoutMs ?? 8000);
    s.once('connect', () => {
      clearTimeout(timer);
      s.pause();
      resolve(s);
    });
    s.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
  return { socket, address };
}

export interface TlsInfo {
  protocol: string | null;
  cipher: string;
  authorized: boolean;
  chain: Array<{ subject: string; issuer: string; validFrom: string; validTo: string; daysLeft: number; fingerprint256: string }>;
}

/** TLS on top of `socket` (STARTTLS) or a fresh TLS connection. Certificate always verified. */
export function startTls(socket: net.Socket, host: string, opts: NetOptions): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const t = tls.connect({
      socket,
      host,
      servername: net.isIP(host) ? undefined : host,
      ca: trustedRoots(opts.extraCa),
      minVersion: TLS_MIN_VERSION,
      rejectUnauthorized: true,
    });
    const timer = setTimeout(() => {
      t.destroy();
      reject(new AutoconfigError('timeout', 'La négociation TLS ne s\'est pas terminée dans le délai imparti.'));
    }, opts.timeoutMs ?? 8000);
    t.once('secureConnect', () => {
      clearTimeout(timer);
      t.pause();
      resolve(t);
    });
    t.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

function name(o: Record<string, unknown> | undefined): string {
  if (!o) return '';
  return ['CN', 'O', 'OU', 'C'].filter((k) => o[k]).map((k) => `${k}=${String(o[k])}`).join(', ');
}

export function tlsInfo(t: tls.TLSSocket): TlsInfo {
  const chain: TlsInfo['chain'] = [];
  let c: tls.DetailedPeerCertificate | undefined = t.getPeerCertificate(true);
  const seen = new Set<string>();
  while (c && c.fingerprint256 && !seen.has(c.fingerprint256)) {
    seen.add(c.fingerprint256);
    chain.push({
      subject: name(c.subject as unknown as Record<string, unknown>),
      issuer: name(c.issuer as unknown as Record<string, unknown>),
      validFrom: new Date(c.valid_from).toISOString(),
      validTo: new Date(c.valid_to).toISOString(),
      daysLeft: Math.floor((new Date(c.valid_to).getTime() - Date.now()) / 86_400_000),
      fingerprint256: c.fingerprint256,
    });
    c = c.issuerCertificate;
  }
  return { protocol: t.getProtocol(), cipher: t.getCipher()?.name ?? '', authorized: t.authorized, chain };
}

const CERT_MESSAGES: Record<string, string> = {
  CERT_HAS_EXPIRED: 'le certificat du serveur a expiré',
  CERT_NOT_YET_VALID: "le certificat du serveur n'est pas encore valide",
  DEPTH_ZERO_SELF_SIGNED_CERT: 'le certificat du serveur est auto-signé',
  SELF_SIGNED_CERT_IN_CHAIN: "la chaîne de certificats mène à une autorité non reconnue",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "l'autorité qui a émis le certificat du serveur n'est pas reconnue",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "l'autorité qui a émis le certificat du serveur n'est pas reconnue",
  ERR_TLS_CERT_ALTNAME_INVALID: 'le certificat ne correspond pas au nom du serveur',
  CERT_REVOKED: 'le certificat du serveur est révoqué',
  ERR_SSL_UNSUPPORTED_PROTOCOL: 'le serveur ne propose pas TLS 1.2 ou plus récent',
  ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: 'le serveur ne propose pas TLS 1.2 ou plus récent',
};

/** French explanation of a TLS/socket failure. */
export function explainNetError(e: unknown, target: string): string {
  if (e instanceof AutoconfigError) return e.message;
  const code = (e as NodeJS.ErrnoException)?.code ?? '';
  if (CERT_MESSAGES[code]) return `${target} : ${CERT_MESSAGES[code]} (${code}). Contactez l'opérateur (ou ajoutez l'autorité de test avec --ca en environnement de test).`;
  if (code === 'ECONNREFUSED') return `${target} : connexion refusée (aucun service sur ce port). Vérifiez le port ou contactez l'opérateur.`;
  if (code === 'ECONNRESET') return `${target} : connexion interrompue par le serveur.`;
  return toAutoconfigError(e, target).message;
}
