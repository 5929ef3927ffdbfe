// Benchmark mail sized like a practice's real mail (issue #15): French text + HTML alternatives averaging
// ~30 KB, 5 % with a 100–500 KB PDF (an embedded scan: incompressible bytes), ~20 % replies threaded by
// In-Reply-To / References, ~1 % IHE_XDM packages. Deterministic for a given (address, folder, index).
import crypto from 'node:crypto';
import { buildMessage, type Attachment } from './mime';
import { Prng } from './prng';
import { buildXdmZip } from './xdm';

const OPENINGS = ['Cher confrère,', 'Chère consœur,', 'Bonjour,', 'Madame, Monsieur,', 'Bonjour Docteur,'];
const CLOSINGS = ['Bien confraternellement,', 'Cordialement,', 'Bien à vous,', 'Avec mes remerciements,'];
const SUBJECTS = ['Compte rendu de consultation', 'Résultats d’analyses', 'Demande de rendez-vous', 'Lettre de liaison', 'Avis spécialisé', 'Renouvellement d’ordonnance', 'Transmission infirmière', 'Compte rendu d’imagerie', 'Compte rendu opératoire', 'Bilan de kinésithérapie'];
const NAMES = ['DUPONT Marie', 'MARTIN Jean', 'BERNARD Léa', 'PETIT Hugo', 'ROBERT Chloé', 'RICHARD Théo', 'DURAND Inès', 'MOREAU Lucas', 'LAURENT Manon', 'SIMON Éric', 'LEFÈVRE Gisèle', 'GUÉRIN André', 'FRANÇOIS Céline', 'GARNIER Stéphane'];
const PEERS = [
  { name: 'Dr Jean LEFEBVRE', address: 'jean.lefebvre@medecin.mssante.fr' },
  { name: 'Service de cardiologie – CHU Exemple', address: 'cardiologie@chu-exemple.mssante.fr' },
  { name: 'Laboratoire BioSanté Loire', address: 'resultats@labo-biosante.mssante.fr' },
  { name: 'Centre d’imagerie du Parc', address: 'imagerie.parc@radiologie.mssante.fr' },
  { name: 'Cabinet infirmier des Lilas', address: 'ide.lilas@infirmier.mssante.fr' },
  { name: 'Dr Anne ROUSSEAU', address: 'anne.rousseau@ch-valdeloire.mssante.fr' },
];
const SUBJ = ['Le patient', 'La patiente', 'L’examen clinique', 'Le bilan biologique', 'L’échographie de contrôle', 'Le traitement actuel', 'La kinésithérapie', 'L’électrocardiogramme', 'Le scanner thoracique', 'La tension artérielle'];
const VERB = ['montre', 'retrouve', 'confirme', 'ne retrouve pas', 'justifie', 'nécessite', 'permet d’écarter', 'met en évidence', 'suggère', 'impose'];
const OBJ = ['une amélioration nette des symptômes', 'une insuffisance rénale modérée', 'une hémoglobine glyquée à 7,4 %', 'un souffle systolique discret', 'une douleur thoracique atypique', 'une glycémie à jeun élevée', 'une fracture non déplacée du radius', 'une hypertension mal contrôlée', 'une allergie à la pénicilline', 'un épanchement pleural minime', 'une créatinine à 112 µmol/L', 'une ferritine basse', 'un contrôle dans trois mois', 'une adaptation de la posologie', 'une hospitalisation de jour'];
const TAIL = ['sans autre particularité.', 'à surveiller lors de la prochaine consultation.', 'comme lors du précédent bilan.', 'malgré un traitement bien suivi.', 'et je vous propose de le revoir.', 'dans les suites de l’intervention.', 'selon le protocole habituel du service.'];

/** A pool of sentences built once: composing 20k × 30 KB from it is fast and the vocabulary realistic. */
const SENTENCES: string[] = (() => {
  const rng = new Prng('large-corpus-sentences');
  return Array.from({ length: 3000 }, () => `${rng.pick(SUBJ)} ${rng.pick(VERB)} ${rng.pick(OBJ)} ${rng.pick(TAIL)}`);
})();

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Deterministic incompressible bytes (AES-CTR keystream of a seed): a scanned page's image stream. */
function scanBytes(seed: string, size: number): Buffer {
  const key = crypto.createHash('sha256').update(seed).digest();
  const c = crypto.createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  return Buffer.concat([c.update(Buffer.alloc(size)), c.final()]);
}

/** One-page PDF with an embedded (DCT-labelled) image of `size` bytes and a line of text. */
export function scannedPdf(title: string, seed: string, size: number): Buffer {
  const img = scanBytes(seed, size);
  const text = Buffer.from(`BT /F1 14 Tf 50 800 Td (${title.replace(/[()\\]/g, '').replace(/[^\x20-\x7e]/g, '?')}) Tj ET\nq 500 0 0 700 50 60 cm /Im1 Do Q\n`, 'latin1');
  const objects: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> /XObject << /Im1 6 0 R >> >> /Contents 5 0 R >>'),
    Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'),
    Buffer.concat([Buffer.from(`<< /Length ${text.length} >>\nstream\n`), text, Buffer.from('\nendstream')]),
    Buffer.concat([Buffer.from(`<< /Type /XObject /Subtype /Image /Width 1240 /Height 1754 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length ${img.length} >>\nstream\n`), img, Buffer.from('\nendstream')]),
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  const offsets: number[] = [];
  let pos = parts[0]!.length;
  objects.forEach((o, i) => {
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), o, Buffer.from('\nendobj\n')]);
    offsets.push(pos);
    parts.push(chunk);
    pos += chunk.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n`, '0000000000 65535 f \n', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${pos}\n%%EOF\n`));
  return Buffer.concat(parts);
}

export interface LargeMessage {
  raw: Buffer;
  date: Date;
  seen: boolean;
  flagged: boolean;
}

/**
 * The i-th of `count` messages for `address`. Message-IDs are `large-<i>.<runId>@…` so threads can refer to
 * earlier messages of the same run.
 */
export function realisticLargeMessage(address: string, folder: string, i: number, count: number, runId: string, now: number): LargeMessage {
  const rng = new Prng(`large:${address}:${folder}:${i}`);
  const span = 3 * 365 * 86400_000;
  const date = new Date(now - span + Math.floor((i / count) * span) + rng.int(0, 3600_000));
  const patient = rng.pick(NAMES);
  const peer = rng.pick(PEERS);
  const idOf = (k: number) => `large-${k + 1}.${runId}@${PEERS[k % PEERS.length]!.address.split('@')[1]}`;
  const subjectBase = `${rng.pick(SUBJECTS)} – ${patient}`;
  // ~30 KB on average for text + HTML together: the text part is ~40 % of it.
  const targetText = rng.int(4_000, 20_000);
  const paragraphs: string[] = [];
  let len = 0;
  while (len < targetText) {
    const p = Array.from({ length: rng.int(3, 7) }, () => rng.pick(SENTENCES)).join(' ');
    paragraphs.push(p);
    len += p.length + 2;
  }
  const opening = rng.pick(OPENINGS);
  const closing = rng.pick(CLOSINGS);
  const text = `${opening}\n\nConcerne : ${patient} (message ${i + 1} de ${count}).\n\n${paragraphs.join('\n\n')}\n\n${closing}\n${peer.name}\n`;
  const html = `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><style>body{font-family:Arial,sans-serif;font-size:11pt;color:#222}p{margin:0 0 8pt}.sig{color:#555;border-top:1px solid #ccc;padding-top:6pt}</style></head><body>`
    + `<p>${esc(opening)}</p><p><b>Concerne :</b> ${esc(patient)} (message ${i + 1} de ${count}).</p>`
    + paragraphs.map((p) => `<p style="text-align:justify">${esc(p)}</p>`).join('')
    + `<p>${esc(closing)}</p><div class="sig"><p>${esc(peer.name)}<br>${esc(peer.address)}</p></div></body></html>`;
  const attachments: Attachment[] = [];
  let subject = subjectBase;
  const headers: Array<[string, string]> = [['X-MSS-NIL', 'BAC-A-SABLE-NON-REEL']];
  if (rng.chance(0.05)) {
    attachments.push({ filename: `Compte_rendu_${patient.split(' ')[0]}.pdf`, contentType: 'application/pdf', data: scannedPdf(subjectBase, `${address}:${folder}:${i}`, rng.int(100_000, 500_000)) });
  } else if (rng.chance(0.01)) {
    const [nom, prenom] = patient.split(' ') as [string, string];
    const { zip, pdf } = buildXdmZip(
      { nom, prenom, sexe: 'F', naissance: '12/03/1961', ins: '261036912345678' },
      { code: '11502-2', label: 'CR de biologie', author: { name: peer.name, idNat: '810006789012', org: peer.name }, date, lines: paragraphs.slice(0, 3), uniqueId: `1.2.250.1.999.2.${i + 1}` },
    );
    attachments.push({ filename: 'IHE_XDM.zip', contentType: 'application/zip', data: zip }, { filename: `CR_de_biologie_${nom}.pdf`, contentType: 'application/pdf', data: pdf });
    subject = `XDM/1.0/DDM+CR de biologie ${nom} ${prenom} 12/03/1961`;
    headers.push(['X-MSS-CODECDA', '11502-2'], ['X-MSS-INS', 'O']);
  }
  // Threads: a reply to one of the few previous messages (same conversation), with its references.
  let inReplyTo: string | undefined;
  let references: string[] | undefined;
  if (i > 0 && rng.chance(0.2)) {
    const parent = Math.max(0, i - rng.int(1, 5));
    inReplyTo = idOf(parent);
    references = [idOf(Math.max(0, parent - 1)), inReplyTo];
    subject = `RE: ${subjectBase}`;
  }
  const raw = buildMessage({
    from: peer, to: [{ address }], subject, date, messageId: idOf(i), inReplyTo, references, text, html, attachments, headers,
  });
  return { raw, date, seen: rng.chance(0.85), flagged: rng.chance(0.05) };
}
