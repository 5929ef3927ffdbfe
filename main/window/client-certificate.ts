// `select-client-certificate`: at PSC's login page the card's authentication certificate is chosen
// automatically when it is in the list, so the person is not asked to pick among strangers' certificates.
// No card, or no match: nothing is selected (Chromium then fails the TLS client authentication cleanly).
import crypto from 'node:crypto';

export interface OfferedCertificate {
  /** PEM, as Electron's Certificate.data. */
  data: string;
  serialNumber: string;
}

function derOfPem(pem: string): Buffer | null {
  const b64 = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem)?.[1]?.replace(/\s+/g, '');
  return b64 ? Buffer.from(b64, 'base64') : null;
}

export function pickCardCertificate<C extends OfferedCertificate>(offered: readonly C[], cardCertificateDer: Uint8Array | null): C | null {
  if (!cardCertificateDer) return null;
  const wanted = crypto.createHash('sha256').update(cardCertificateDer).digest('hex');
  return (
    offered.find((c) => {
      const der = derOfPem(c.data);
      return der !== null && crypto.createHash('sha256').update(der).digest('hex') === wanted;
    }) ?? null
  );
}
