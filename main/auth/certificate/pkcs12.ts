// IGC-Santé software certificates (PKCS#12) of APP / ORG BALs: read and check a .p12 (password, validity,
// identity), keep a copy in the app's data folder and its password in the OS keychain.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { SECRET_SERVICE, SecretAccounts, type SecretStore } from '../../secrets/secret-store';
import { CertificateAuthError } from './errors';

export interface SoftwareCertificateInfo {
  /** Subject CN: the identity the operator reads (usually the BAL address for an APP BAL). */
  identity: string;
  subject: string;
  issuer: string;
  serialNumber: string;
  validFrom: Date;
  validTo: Date;
  /** SHA-256 fingerprint (hex with colons), to show and compare. */
  fingerprint256: string;
  /** Whether the issuer is one of the given CA certificates (IGC-Santé roots / sandbox CA). */
  issuerTrusted: boolean;
  /** E-mail addresses of the subjectAltName (an APP BAL's certificate names its BAL there). */
  emails: string[];
}

/** Reads a PKCS#12 with its password and checks it can be used now. Never logs the password. */
export function inspectPkcs12(pfx: Buffer, password: string, options: { trustedCa?: ReadonlyArray<string | Buffer>; now?: Date } = {}): SoftwareCertificateInfo {
  let context: tls.SecureContext;
  try {
    context = tls.createSecureContext({ pfx, passphrase: password });
  } catch (err) {
    const text = err instanceof Error ? err.message : '';
    throw new CertificateAuthError(/mac verify|password|decrypt/i.test(text) ? 'bad-password' : 'unreadable', { cause: err });
  }
  const socket = new tls.TLSSocket(null as unknown as import('node:net').Socket, { secureContext: context });
  const local = socket.getCertificate();
  socket.destroy();
  const raw = local && 'raw' in local ? (local.raw as Buffer | undefined) : undefined;
  if (!raw) throw new CertificateAuthError('unreadable');
  const cert = new crypto.X509Certificate(raw);
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1]?.trim();
  if (!cn) throw new CertificateAuthError('no-identity');
  const now = options.now ?? new Date();
  const validFrom = new Date(cert.validFrom);
  const validTo = new Date(cert.validTo);
  if (now < validFrom) throw new CertificateAuthError('not-yet-valid');
  if (now > validTo) throw new CertificateAuthError('expired');
  const issuerTrusted = (options.trustedCa ?? []).some((pem) => {
    try {
      const ca = new crypto.X509Certificate(pem);
      return cert.checkIssued(ca) && cert.verify(ca.publicKey);
    } catch {
      return false;
    }
  });
  return {
    identity: cn,
    subject: cert.subject.replace(/\n/g, ', '),
    issuer: cert.issuer.replace(/\n/g, ', '),
    serialNumber: cert.serialNumber,
    validFrom,
    validTo,
    fingerprint256: cert.fingerprint256,
    issuerTrusted,
    emails: (cert.subjectAltName ?? '')
      .split(/,\s*/)
      .filter((e) => e.startsWith('email:'))
      .map((e) => e.slice('email:'.length).trim()),
  };
}

export interface ImportedCertificate {
  bal: string;
  /** Where the app keeps its copy of the .p12 (still protected by its password). */
  path: string;
  info: SoftwareCertificateInfo;
}

/**
 * Imports a .p12 for a BAL: checks it, copies it (mode 0600) under `certDir`, stores its password in the
 * keychain (account p12-password:<bal>). The keychain being unavailable is reported (KeychainUnavailableError).
 */
export async function importPkcs12(args: {
  bal: string;
  /** The .p12 file, or its bytes (sent by the UI). */
  sourcePath?: string;
  pfx?: Buffer;
  password: string;
  certDir: string;
  secrets: SecretStore;
  trustedCa?: ReadonlyArray<string | Buffer>;
}): Promise<ImportedCertificate> {
  let pfx: Buffer;
  try {
    pfx = args.pfx ?? fs.readFileSync(args.sourcePath ?? '');
  } catch (err) {
    throw new CertificateAuthError('unreadable', { cause: err });
  }
  const info = inspectPkcs12(pfx, args.password, { trustedCa: args.trustedCa });
  fs.mkdirSync(args.certDir, { recursive: true, mode: 0o700 });
  const dest = path.join(args.certDir, `${args.bal.toLowerCase().replace(/[^a-z0-9.@_-]/g, '_')}.p12`);
  await args.secrets.set(SECRET_SERVICE, SecretAccounts.p12Password(args.bal), args.password);
  fs.writeFileSync(dest, pfx, { mode: 0o600 });
  return { bal: args.bal, path: dest, info };
}

/** Loads an imported certificate and its password for a connection. */
export async function loadImportedPkcs12(bal: string, p12Path: string, secrets: SecretStore): Promise<{ pfx: Buffer; passphrase: string }> {
  const passphrase = await secrets.get(SECRET_SERVICE, SecretAccounts.p12Password(bal));
  if (!passphrase) throw new CertificateAuthError('bad-password');
  return { pfx: fs.readFileSync(p12Path), passphrase };
}
