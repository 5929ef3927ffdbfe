// Certificate revocation lists (RFC 5280 §5): parse (PEM or DER), check that the issuing CA signed them,
// and say whether one can still be used at a given time. Pure functions, no I/O.
import 'reflect-metadata'; // @peculiar/x509 needs a Reflect polyfill loaded first
import crypto from 'node:crypto';
import { CRLDistributionPointsExtension, X509Certificate as PeculiarCertificate, X509Crl } from '@peculiar/x509';

/** A CRL whose signature was checked against its issuer. */
export interface VerifiedCrl {
  /** DER bytes, as kept on disk. */
  der: Buffer;
  /** SHA-256 fingerprint of the issuing CA certificate (the cache key). */
  issuerFingerprint: string;
  issuer: string;
  thisUpdate: Date;
  /** Absent in a CRL means "no promise of freshness": treated as thisUpdate (stale at once). */
  nextUpdate: Date | null;
  /** Serial numbers (normalized hex) of revoked certificates. */
  revoked: ReadonlySet<string>;
}

export class CrlError extends Error {
  override readonly name = 'CrlError';
  constructor(
    readonly code: 'unreadable' | 'wrong-issuer' | 'bad-signature' | 'unsupported',
    message: string,
  ) {
    super(message);
  }
}

/** Upper-case hex without leading zeros (Node prints "0A1B", @peculiar "0a1b", openssl may pad). */
export function normalizeSerial(serial: string): string {
  const hex = serial.replace(/[^0-9a-f]/gi, '').toUpperCase().replace(/^0+/, '');
  return hex || '0';
}

export function parseCrl(data: Buffer | string): X509Crl {
  try {
    const text = typeof data === 'string' ? data : data.subarray(0, 64).toString('latin1');
    if (text.includes('-----BEGIN X509 CRL-----')) return new X509Crl(typeof data === 'string' ? data : data.toString('latin1'));
    const der = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    return new X509Crl(Uint8Array.from(der));
  } catch (err) {
    throw Object.assign(new CrlError('unreadable', 'not a readable X.509 CRL'), { cause: err });
  }
}

// Issuing distribution point (a partial CRL) and delta CRL indicator: such CRLs do not list every
// revocation of the CA, so using one as "the" CRL could miss a revoked certificate.
const PARTIAL_CRL_EXTENSIONS = new Set(['2.5.29.28', '2.5.29.27']);

/** Checks the CRL was issued and signed by `issuer` (a CA certificate, PEM or DER). */
export async function verifyCrl(data: Buffer | string, issuer: crypto.X509Certificate): Promise<VerifiedCrl> {
  const crl = parseCrl(data);
  const ca = new PeculiarCertificate(new Uint8Array(issuer.raw));
  if (crl.issuerName.toString() !== ca.subjectName.toString()) throw new CrlError('wrong-issuer', 'CRL issuer is not this CA');
  const partial = crl.extensions.find((e) => PARTIAL_CRL_EXTENSIONS.has(e.type));
  if (partial) throw new CrlError('unsupported', `partial or delta CRL (${partial.type}) not supported`);
  let ok = false;
  try {
    ok = await crl.verify({ publicKey: ca });
  } catch {
    ok = false;
  }
  if (!ok) throw new CrlError('bad-signature', 'CRL signature does not verify with the CA key');
  return {
    der: Buffer.from(crl.rawData),
    issuerFingerprint: issuer.fingerprint256,
    issuer: crl.issuer,
    thisUpdate: crl.thisUpdate,
    nextUpdate: crl.nextUpdate ?? null,
    revoked: new Set(crl.entries.map((e) => normalizeSerial(e.serialNumber))),
  };
}

export type CrlFreshness = 'fresh' | 'grace' | 'expired' | 'not-yet-valid';

/**
 * 'fresh' until nextUpdate; 'grace' for graceMs after it (the CA's distribution point may be down: the
 * last good CRL is still used); 'expired' after that (the connection is refused). A CRL dated in the
 * future (beyond 5 minutes of clock skew) is 'not-yet-valid'.
 */
export function crlFreshness(crl: Pick<VerifiedCrl, 'thisUpdate' | 'nextUpdate'>, now: Date, graceMs: number): CrlFreshness {
  if (crl.thisUpdate.getTime() > now.getTime() + 5 * 60_000) return 'not-yet-valid';
  const next = (crl.nextUpdate ?? crl.thisUpdate).getTime();
  if (now.getTime() <= next) return 'fresh';
  if (now.getTime() <= next + graceMs) return 'grace';
  return 'expired';
}

export function isRevoked(crl: Pick<VerifiedCrl, 'revoked'>, serialNumber: string): boolean {
  return crl.revoked.has(normalizeSerial(serialNumber));
}

/** HTTP(S) CRL distribution points named in a certificate (LDAP and other URIs are ignored). */
export function crlDistributionUrls(raw: Buffer): string[] {
  try {
    const cert = new PeculiarCertificate(new Uint8Array(raw));
    const ext = cert.getExtension(CRLDistributionPointsExtension);
    if (!ext) return [];
    const urls: string[] = [];
    for (const dp of ext.distributionPoints) {
      for (const name of dp.distributionPoint?.fullName ?? []) {
        const uri = name.uniformResourceIdentifier;
        if (uri && /^https?:\/\//i.test(uri)) urls.push(uri);
      }
    }
    return urls;
  } catch {
    return [];
  }
}
