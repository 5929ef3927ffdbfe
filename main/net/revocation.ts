// Revocation check of the operator's certificate chain, inside the TLS handshake: `checkServerIdentity`
// runs after the chain was verified and before the TLS socket is handed to IMAP / SMTP / HTTPS code, so a
// revoked server is dropped before any token, password or request is written. Only chains anchored on the
// configured roots (IGC-Santé in production, the sandbox CA in tests) are checked: Node's own `crl` option
// would apply CRL checking to every CA of the store. CRLs are loaded beforehand (prepare), because the
// handshake callback is synchronous; a CA met for the first time makes the attempt fail with
// RevocationPendingError, its CRL is fetched, and the attempt is made once more (withRevocationCheck).
import crypto from 'node:crypto';
import type { PeerCertificate, DetailedPeerCertificate } from 'node:tls';
import tls from 'node:tls';
import { crlDistributionUrls, isRevoked } from './crl';
import { CrlStore } from './crl-cache';

/** Plain data (crosses the sync worker boundary); the checker is rebuilt from it on each thread. */
export interface RevocationConfig {
  /** Roots whose chains are checked (PEM). */
  anchorsPem: string[];
  /** CRL files given by the installation. */
  crlFiles?: string[];
  /** Folder of the last good CRLs (app data). */
  cacheDir?: string;
  graceMs?: number;
}

export class ServerCertificateRevokedError extends Error {
  override readonly name = 'ServerCertificateRevokedError';
  readonly code = 'SERVER_CERT_REVOKED';
  constructor(readonly host: string, readonly subject: string) {
    super(
      `Le certificat du serveur ${host} a été révoqué par son autorité de certification : la connexion a été refusée par sécurité et aucun identifiant n'a été envoyé. Contactez votre opérateur de messagerie MSSanté.`,
    );
  }
}

export class RevocationUnavailableError extends Error {
  override readonly name = 'RevocationUnavailableError';
  readonly code = 'CRL_UNAVAILABLE';
  constructor(readonly host: string, readonly reason: 'missing' | 'expired') {
    super(
      reason === 'expired'
        ? `Impossible de vérifier que le certificat du serveur ${host} n'est pas révoqué : la liste de révocation (CRL) de son autorité n'a pas pu être mise à jour et la dernière copie conservée est trop ancienne. La connexion a été refusée par sécurité. Vérifiez votre connexion internet ; si cela persiste, contactez votre support.`
        : `Impossible de vérifier que le certificat du serveur ${host} n'est pas révoqué : la liste de révocation (CRL) de son autorité est introuvable. La connexion a été refusée par sécurité. Vérifiez votre connexion internet ; si cela persiste, contactez votre support.`,
    );
  }
}

/** Internal: a CA's CRL is not loaded yet; fetch it (resolvePending) and try again. Never shown. */
export class RevocationPendingError extends Error {
  override readonly name = 'RevocationPendingError';
  readonly code = 'CRL_PENDING';
  constructor(readonly host: string, readonly needed: Array<{ issuer: crypto.X509Certificate; urls: string[] }>) {
    super(`Vérification de révocation en attente pour ${host}.`);
  }
}

export type RevocationError = ServerCertificateRevokedError | RevocationUnavailableError | RevocationPendingError;

/** Finds a revocation error in an error or its causes (imapflow / nodemailer may wrap it). */
export function findRevocationError(err: unknown): RevocationError | null {
  let e: unknown = err;
  for (let depth = 0; e && depth < 5; depth++) {
    if (e instanceof ServerCertificateRevokedError || e instanceof RevocationUnavailableError || e instanceof RevocationPendingError) return e;
    const next = (e as { cause?: unknown; _err?: unknown }).cause ?? (e as { _err?: unknown })._err;
    e = next;
  }
  return null;
}

function isSelfSigned(cert: crypto.X509Certificate): boolean {
  return cert.checkIssued(cert) && cert.verify(cert.publicKey);
}

function chainOf(cert: PeerCertificate | DetailedPeerCertificate): crypto.X509Certificate[] {
  const out: crypto.X509Certificate[] = [];
  const seen = new Set<string>();
  let current: DetailedPeerCertificate | undefined = cert as DetailedPeerCertificate;
  while (current?.raw && !seen.has(current.fingerprint256)) {
    seen.add(current.fingerprint256);
    out.push(new crypto.X509Certificate(current.raw));
    current = current.issuerCertificate;
  }
  return out;
}

export class RevocationChecker {
  readonly store: CrlStore;
  private readonly anchors: crypto.X509Certificate[];

  constructor(config: RevocationConfig, store?: CrlStore) {
    this.anchors = config.anchorsPem.flatMap((pem) => {
      try {
        return [new crypto.X509Certificate(pem)];
      } catch {
        return [];
      }
    });
    this.store = store ?? new CrlStore({ cacheDir: config.cacheDir, crlFiles: config.crlFiles, graceMs: config.graceMs });
  }

  /** Loads / refreshes the CRLs of the roots and of every CA met so far (before a connection). */
  async prepare(): Promise<void> {
    await Promise.all(this.anchors.map((a) => this.store.refresh(a)));
    await this.store.refreshKnown();
  }

  /** Fetches the CRLs a pending check asked for (from the certificates' distribution points). */
  async resolvePending(err: RevocationPendingError): Promise<void> {
    await Promise.all(err.needed.map((n) => this.store.refresh(n.issuer, n.urls)));
  }

  private anchorFor(cert: crypto.X509Certificate): crypto.X509Certificate | null {
    return this.anchors.find((a) => a.fingerprint256 === cert.fingerprint256 || (cert.checkIssued(a) && cert.verify(a.publicKey))) ?? null;
  }

  /**
   * The revocation verdict on a verified peer chain (leaf first, as Node gives it). Chains that do not
   * lead to a configured root are not checked here (undefined).
   */
  checkChain(host: string, leaf: PeerCertificate | DetailedPeerCertificate): RevocationError | undefined {
    const chain = chainOf(leaf);
    // Walk up to the first certificate that is, or is issued by, a configured root.
    let end = -1;
    let anchor: crypto.X509Certificate | null = null;
    for (let i = 0; i < chain.length; i++) {
      anchor = this.anchorFor(chain[i]!);
      if (anchor) {
        end = i;
        break;
      }
    }
    if (end < 0 || !anchor) return undefined;
    // The full path up to a self-signed root: an intermediate configured as an anchor (IGC-Santé
    // ELEMENTAIRE ORGANISATIONS) is itself checked against its root's CRL (ACR-EL.crl), not taken on trust.
    const path = chain.slice(0, chain[end]!.fingerprint256 === anchor.fingerprint256 ? end : end + 1);
    let top: crypto.X509Certificate = anchor;
    path.push(top);
    while (!isSelfSigned(top)) {
      const up = this.anchors.find((a) => a.fingerprint256 !== top.fingerprint256 && top.checkIssued(a) && top.verify(a.publicKey));
      if (!up || path.some((c) => c.fingerprint256 === up.fingerprint256)) break;
      path.push(up);
      top = up;
    }
    const checked = path.slice(0, -1); // every certificate but the top one, each against its issuer's CRL
    const needed: Array<{ issuer: crypto.X509Certificate; urls: string[] }> = [];
    let worst: RevocationUnavailableError | undefined;
    for (let i = 0; i < checked.length; i++) {
      const cert = checked[i]!;
      const issuer = path[i + 1]!;
      const status = this.store.status(issuer.fingerprint256);
      if (status.state === 'ok') {
        if (isRevoked(status.crl, cert.serialNumber)) return new ServerCertificateRevokedError(host, cert.subject.replace(/\n/g, ', '));
        continue;
      }
      if (status.state === 'expired') {
        // A revocation listed in an old CRL still stands.
        if (isRevoked(status.crl, cert.serialNumber)) return new ServerCertificateRevokedError(host, cert.subject.replace(/\n/g, ', '));
        worst = new RevocationUnavailableError(host, 'expired');
        continue;
      }
      needed.push({ issuer, urls: crlDistributionUrls(cert.raw) });
    }
    if (needed.length > 0) return new RevocationPendingError(host, needed);
    return worst;
  }

  /** For Node's tls options: the default host name check, then the revocation check. */
  readonly checkServerIdentity = (host: string, cert: PeerCertificate): Error | undefined => {
    const hostError = tls.checkServerIdentity(host, cert);
    if (hostError) return hostError;
    return this.checkChain(host, cert);
  };
}

const checkers = new Map<string, RevocationChecker>();

/** One checker per configuration and thread (its CRLs are shared by every connection). */
export function revocationCheckerFor(config: RevocationConfig): RevocationChecker {
  const key = JSON.stringify([config.anchorsPem, config.crlFiles ?? [], config.cacheDir ?? '', config.graceMs ?? null]);
  let c = checkers.get(key);
  if (!c) {
    c = new RevocationChecker(config);
    checkers.set(key, c);
  }
  return c;
}

/**
 * Runs a connection attempt with the CRLs loaded; when a CA's CRL was missing, fetches it and makes the
 * attempt once more. A pending check left after that becomes RevocationUnavailableError ('missing').
 */
export async function withRevocationCheck<T>(checker: RevocationChecker | null | undefined, attempt: () => Promise<T>): Promise<T> {
  if (!checker) return attempt();
  await checker.prepare();
  try {
    return await attempt();
  } catch (err) {
    const found = findRevocationError(err);
    if (!(found instanceof RevocationPendingError)) throw found ?? err;
    await checker.resolvePending(found);
  }
  try {
    return await attempt();
  } catch (err) {
    const found = findRevocationError(err);
    if (found instanceof RevocationPendingError) throw new RevocationUnavailableError(found.host, 'missing');
    throw found ?? err;
  }
}
