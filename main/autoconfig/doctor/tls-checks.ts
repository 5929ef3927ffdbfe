// Checks on a negotiated TLS session: protocol version, chain, expiry, IGC-Santé anchor.
import type { Check } from './report-types';
import type { TlsInfo } from './wire';

export function tlsChecks(info: TlsInfo): Check[] {
  const checks: Check[] = [];
  const v = info.protocol ?? 'inconnue';
  checks.push({
    id: 'tls-version', label: 'Version TLS', status: v === 'TLSv1.2' || v === 'TLSv1.3' ? 'ok' : 'fail',
    detail: `${v} négociée (${info.cipher}) ; minimum exigé : TLS 1.2`,
  });
  const leaf = info.chain[0];
  checks.push({
    id: 'tls-chain', label: 'Chaîne de certificats', status: info.authorized ? 'ok' : 'fail',
    detail: info.authorized
      ? `vérifiée : ${info.chain.map((c) => c.subject).join(' ← ')}`
      : 'non vérifiée',
  });
  if (leaf) {
    const minDays = Math.min(...info.chain.map((c) => c.daysLeft));
    checks.push({
      id: 'tls-expiry', label: 'Validité du certificat',
      status: minDays < 0 ? 'fail' : minDays < 30 ? 'warn' : 'ok',
      detail: `certificat du serveur valable jusqu'au ${leaf.validTo.slice(0, 10)} (${leaf.daysLeft} jours)` +
        (minDays < 30 ? ` ; un certificat de la chaîne expire dans ${minDays} jours` : ''),
    });
    const igc = info.chain.some((c) => /IGC-SANTE|IGC SANTE/i.test(`${c.issuer} ${c.subject}`));
    checks.push({
      id: 'tls-igc-sante', label: 'Autorité IGC-Santé', status: igc ? 'ok' : 'warn',
      detail: igc ? 'la chaîne mène à une autorité IGC-Santé' : "la chaîne ne mentionne pas IGC-Santé (exigé pour un opérateur MSSanté)",
    });
  }
  checks.push({
    id: 'tls-revocation', label: 'Révocation (CRL/OCSP)', status: 'skip',
    detail: "non vérifiée par ce diagnostic",
  });
  return checks;
}
