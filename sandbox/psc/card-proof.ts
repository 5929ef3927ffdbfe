// Sandbox stand-in for PSC's CIBA "CARD" channel: how a real PSC reaches the card is not public, so the
// sandbox accepts a proof made by the card itself — the authentication key signs
// `<auth_req_id>:<binding_message>` (SHA-256 RSA PKCS#1) — and approves the pending request only if the
// certificate chains to the sandbox CA, is valid now, names the same IdNat as login_hint, and the
// signature verifies. The app side sits behind a seam (main/auth: card CIBA approver) that only the
// sandbox configuration enables.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { parseIdNat } from '../../shared/idnat';
import { PATHS } from '../config';

export function cardProofPayload(authReqId: string, bindingMessage: string): Buffer {
  return Buffer.from(`${authReqId}:${bindingMessage}`, 'utf8');
}

export type CardProofCheck = { ok: true; idNat: string } | { ok: false; reason: string };

export function checkCardProof(
  pending: { authReqId: string; idNat: string; bindingMessage?: string | null; channel: string },
  certificateDer: Buffer,
  signature: Buffer,
  caPem: Buffer = fs.readFileSync(PATHS.caCert),
): CardProofCheck {
  if (pending.channel !== 'CARD') return { ok: false, reason: 'request channel is not CARD' };
  let cert: crypto.X509Certificate;
  try {
    cert = new crypto.X509Certificate(certificateDer);
  } catch {
    return { ok: false, reason: 'certificate unreadable' };
  }
  const ca = new crypto.X509Certificate(caPem);
  if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return { ok: false, reason: 'certificate not issued by the sandbox CA' };
  const now = Date.now();
  if (now < Date.parse(cert.validFrom) || now > Date.parse(cert.validTo)) return { ok: false, reason: 'certificate not valid now' };
  // Any IdNat form, structure forms with '/' included (shared/idnat.ts).
  const cn = /(?:^|[\n,+])\s*CN=([^+,\n]+)/.exec(cert.subject)?.[1]?.trim();
  const idNat = cn ? parseIdNat(cn)?.idNat : undefined;
  if (!idNat || idNat !== pending.idNat) return { ok: false, reason: 'certificate does not name the login_hint' };
  const payload = cardProofPayload(pending.authReqId, pending.bindingMessage ?? '');
  const verified = crypto.verify('sha256', payload, { key: cert.publicKey, padding: crypto.constants.RSA_PKCS1_PADDING }, signature);
  return verified ? { ok: true, idNat } : { ok: false, reason: 'signature does not verify' };
}
