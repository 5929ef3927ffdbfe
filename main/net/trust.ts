// Which certificate authorities the app trusts for its own TLS connections (PSC, IMAP, SMTP, operator web):
// the system roots plus configured extra roots (the IGC-Santé chain in production, the sandbox CA in tests).
// Verification is never disabled and TLS 1.2 is the floor (MSSanté Ref#2).
import crypto from 'node:crypto';
import fs from 'node:fs';
import tls from 'node:tls';
import type { RevocationConfig } from './revocation';

export const TLS_MIN_VERSION = 'TLSv1.2' as const;

export interface TrustOptions {
  /** Extra CA certificates (PEM text or buffers), e.g. the IGC-Santé roots or the sandbox CA. */
  extraCa?: ReadonlyArray<string | Buffer>;
  /** Also trust the system's roots. Default true. */
  includeSystemRoots?: boolean;
  /** CRL check of chains anchored on the configured roots (used by trusted-fetch; see revocation.ts). */
  revocation?: RevocationConfig;
}

/** The CA list handed to Node's TLS (`ca` replaces Node's default store, so system roots are added back). */
export function trustedCaList(options: TrustOptions = {}): Array<string | Buffer> {
  const system = options.includeSystemRoots === false ? [] : [...tls.rootCertificates];
  return [...system, ...(options.extraCa ?? [])];
}

/** TLS options for node:tls / node:https / imapflow `tls` / nodemailer `tls`: verified, TLS ≥ 1.2. */
export function tlsClientOptions(options: TrustOptions = {}): { ca: Array<string | Buffer>; minVersion: typeof TLS_MIN_VERSION; rejectUnauthorized: true } {
  return { ca: trustedCaList(options), minVersion: TLS_MIN_VERSION, rejectUnauthorized: true };
}

/** Reads PEM CA files (missing files are an error: a trust root silently missing would fail later, unclearly). */
export function loadCaFiles(paths: readonly string[]): Buffer[] {
  return paths.map((p) => fs.readFileSync(p));
}

/** True for the Node error codes of a failed certificate check (to show a precise French message). */
export function isCertificateError(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS_CERT_ALTNAME|HOSTNAME_MISMATCH/.test(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Whether the server's chain (as presented on a connected socket) leads to one of OUR trusted roots.
 * Needed when a client PKCS#12 is used: Node adds the CA certificates bundled in a .p12 to the trust
 * store of that connection, which must not make the server trusted.
 */
export function peerChainTrusted(socket: tls.TLSSocket, options: TrustOptions = {}): boolean {
  const roots = trustedCaList(options).flatMap((pem) => {
    try {
      return [new crypto.X509Certificate(pem)];
    } catch {
      return [];
    }
  });
  let current: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  const seen = new Set<string>();
  while (current?.raw && !seen.has(current.fingerprint256)) {
    seen.add(current.fingerprint256);
    const cert = new crypto.X509Certificate(current.raw);
    if (roots.some((root) => root.fingerprint256 === cert.fingerprint256 || (cert.checkIssued(root) && cert.verify(root.publicKey)))) return true;
    current = current.issuerCertificate;
  }
  return false;
}
