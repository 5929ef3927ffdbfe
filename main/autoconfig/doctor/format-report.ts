// Readable French report of a doctor run.
import type { TriedSource } from '../types';
import type { CheckStatus, DoctorReport } from './report-types';

const MARK: Record<CheckStatus, string> = { ok: '[OK]  ', warn: '[ATTN]', fail: '[ÉCHEC]', skip: '[--]  ' };
const SOURCE_LABEL: Record<TriedSource['source'], string> = {
  'explicit-url': 'Adresse fournie',
  'autoconfig-subdomain': 'autoconfig.<domaine>',
  'well-known': '<domaine>/.well-known',
  'dns-srv': 'DNS SRV',
  'known-operators': 'Opérateurs connus',
};
const OUTCOME: Record<TriedSource['outcome'], string> = { ok: 'trouvée', error: 'erreur', timeout: 'délai dépassé', skipped: 'non utilisée' };
const KIND: Record<string, string> = {
  imap: 'Réception (IMAP)', smtp: 'Envoi (SMTP)', 'imap-certificate': 'Réception par certificat (IMAP, EXTERNAL)', psc: 'Pro Santé Connect', web: 'Page opérateur',
};

export function formatReport(r: DoctorReport): string {
  const out: string[] = [`Diagnostic MSSanté pour ${r.address} — ${r.date}`, ''];
  const tried = (r.discovery?.tried ?? (r.discoveryError?.tried as TriedSource[] | undefined)) ?? [];
  out.push('Recherche de la configuration :');
  for (const t of tried) {
    out.push(`  - ${SOURCE_LABEL[t.source]} : ${OUTCOME[t.outcome]}${t.url ? ` (${t.url})` : ''}${t.message ? `\n      ${t.message}` : ''}`);
  }
  if (r.discoveryError) {
    out.push('', `ÉCHEC : ${r.discoveryError.message}`);
    return out.join('\n');
  }
  const d = r.discovery!;
  const c = d.config;
  out.push('', `Configuration retenue (source : ${SOURCE_LABEL[d.source]}) :`);
  out.push(`  Réception : ${c.imap.host}:${c.imap.port} ${c.imap.security.toUpperCase()} — identifiant ${c.imap.username} — ${c.imap.auth}`);
  out.push(`  Envoi     : ${c.smtp.host}:${c.smtp.port} ${c.smtp.security.toUpperCase()} — identifiant ${c.smtp.username} — ${c.smtp.auth}`);
  if (c.psc) out.push(`  Pro Santé Connect : ${c.psc.issuer} (modes : ${c.psc.flows.join(', ')})`);
  if (c.certificateAuth) out.push(`  Certificat : ${c.certificateAuth.host}:${c.certificateAuth.port} ${c.certificateAuth.security.toUpperCase()} EXTERNAL`);
  out.push(`  Liste de confiance MSSanté : ${d.trusted ? 'domaine présent' : 'DOMAINE ABSENT'}`);
  if (d.warnings.length) {
    out.push('', 'Avertissements :');
    for (const w of d.warnings) out.push(`  ! ${w.message}`);
  }
  for (const e of r.endpoints) {
    out.push('', `${KIND[e.kind] ?? e.kind} — ${e.target}`);
    for (const k of e.checks) out.push(`  ${MARK[k.status]} ${k.label} : ${k.detail}`);
  }
  out.push('', r.ok ? 'Résultat : tout est en ordre.' : 'Résultat : au moins une vérification a échoué (voir [ÉCHEC] ci-dessus).');
  return out.join('\n');
}
