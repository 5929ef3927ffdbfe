// Card login through a TLS client certificate (stretch of the sandbox PSC): an extra https listener asks
// for a client certificate chained to the sandbox CA (CPS-like card certificates: CN holds the IdNat).
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { parseIdNat } from '../../shared/idnat';

export type CardTlsMode = 'off' | 'optional' | 'required';

const viaCardListener = new WeakSet<IncomingMessage>();

export function markCardRequest(req: IncomingMessage): void {
  viaCardListener.add(req);
}

export function isCardRequest(req: IncomingMessage): boolean {
  return viaCardListener.has(req);
}

export type CardCertificate =
  | { kind: 'none' }
  | { kind: 'rejected'; reason: string }
  | { kind: 'ok'; idNat: string; serial: string };

/** The IdNat of a subject attribute: the whole value in any form of shared/idnat.ts (structure forms with
 *  "/" included), else an RPPS/ADELI IdNat inside a longer value (older card subjects). */
function idNatFrom(value: unknown): string | undefined {
  const values = Array.isArray(value) ? value : [value];
  for (const v of values) {
    if (typeof v !== 'string') continue;
    const whole = parseIdNat(v);
    if (whole) return whole.idNat;
    const m = /(?:^|\D)([08]\d{11})(?:\D|$)/.exec(v);
    if (m?.[1]) return m[1];
  }
  return undefined;
}

/** Reads the client certificate of a request that came through the card listener. */
export function cardCertificate(req: IncomingMessage): CardCertificate {
  const socket = req.socket as TLSSocket;
  if (typeof socket.getPeerCertificate !== 'function') return { kind: 'none' };
  const cert = socket.getPeerCertificate();
  if (!cert || Object.keys(cert).length === 0) return { kind: 'none' };
  // Node checks the chain, the CRL and the TLS-client purpose (keyUsage digitalSignature, EKU clientAuth).
  if (!socket.authorized) return { kind: 'rejected', reason: String(socket.authorizationError ?? 'untrusted') };
  const subject = cert.subject as unknown as Record<string, unknown>;
  const idNat = idNatFrom(subject.CN) ?? idNatFrom(subject.serialNumber);
  // The serial names the certificate in logs (the browser e2e test checks the card's authentication one was used).
  return idNat ? { kind: 'ok', idNat, serial: String(cert.serialNumber) } : { kind: 'rejected', reason: 'no IdNat in certificate subject' };
}
