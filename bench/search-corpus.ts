// Deterministic French-like medical mail corpus for the search benchmark: a Zipf-distributed vocabulary so
// that some words are everywhere and most are rare, as in real mail. The same messages are written as
// .eml files (for notmuch) and inserted in our store (for FTS5).
import { Prng } from '../sandbox/seed/prng';

const ROOTS = [
  'consultation', 'ordonnance', 'résultat', 'analyse', 'biologie', 'cardiologie', 'radiologie', 'échographie', 'scanner',
  'hospitalisation', 'urgence', 'pédiatrie', 'vaccination', 'diabète', 'hypertension', 'insuffisance', 'rénale', 'hépatique',
  'traitement', 'posologie', 'allergie', 'antécédent', 'chirurgie', 'anesthésie', 'kinésithérapie', 'infirmier', 'pansement',
  'glycémie', 'créatinine', 'cholestérol', 'hémoglobine', 'plaquettes', 'leucocytes', 'ferritine', 'thyroïde', 'potassium',
  'douleur', 'fièvre', 'toux', 'dyspnée', 'vertige', 'fatigue', 'nausée', 'fracture', 'entorse', 'rééducation', 'suivi',
  'rendez-vous', 'courrier', 'compte-rendu', 'dossier', 'patient', 'patiente', 'médecin', 'confrère', 'consœur', 'cabinet',
  'laboratoire', 'pharmacie', 'clinique', 'hôpital', 'service', 'bilan', 'contrôle', 'prescription', 'renouvellement',
];
const SUFFIXES = ['', 's', 'al', 'ale', 'aux', 'ique', 'iques', 'ment', 'tion', 'teur', 'trice', 'isme', 'iste', 'able'];
const SURNAMES = ['MARTIN', 'BERNARD', 'DUBOIS', 'THOMAS', 'ROBERT', 'RICHARD', 'PETIT', 'DURAND', 'LEROY', 'MOREAU', 'SIMON', 'LAURENT', 'LEFEBVRE', 'MICHEL', 'GARCIA', 'DAVID', 'BERTRAND', 'ROUX', 'VINCENT', 'FOURNIER', 'MOREL', 'GIRARD', 'ANDRE', 'MERCIER', 'BLANC', 'GUERIN', 'BOYER', 'GARNIER', 'CHEVALIER', 'FRANCOIS'];
const GIVEN = ['Marie', 'Jean', 'Pierre', 'Sophie', 'Isabelle', 'Nathalie', 'Philippe', 'Camille', 'Lucas', 'Emma', 'Louis', 'Chloé', 'Hugo', 'Léa', 'Théo', 'Manon'];
const DOMAINS = ['medecin.mssante.fr', 'chu-exemple.mssante.fr', 'labo-biosante.mssante.fr', 'clinique-sud.mssante.fr', 'test.mssante.fr'];

export interface CorpusMessage {
  messageId: string;
  date: number;
  from: { name: string; address: string };
  to: { name: string; address: string };
  subject: string;
  text: string;
}

export function vocabulary(): string[] {
  const words: string[] = [];
  for (const r of ROOTS) for (const s of SUFFIXES) words.push(r + s);
  return words;
}

export class Corpus {
  readonly words = vocabulary();
  private readonly rng: Prng;
  private readonly cdf: number[];

  constructor(seed = 'search-bench') {
    this.rng = new Prng(seed);
    // Zipf(s=1.1) over the vocabulary.
    const weights = this.words.map((_, i) => 1 / Math.pow(i + 1, 1.1));
    const total = weights.reduce((a, b) => a + b, 0);
    let acc = 0;
    this.cdf = weights.map((w) => (acc += w / total));
  }

  word(): string {
    const r = this.rng.next();
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cdf[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return this.words[lo]!;
  }

  person(): { name: string; address: string } {
    const given = this.rng.pick(GIVEN);
    const sur = this.rng.pick(SURNAMES);
    const local = `${given}.${sur}`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    return { name: `Dr ${given} ${sur}`, address: `${local}@${this.rng.pick(DOMAINS)}` };
  }

  message(i: number, count: number, start: number, end: number): CorpusMessage {
    const date = Math.round(start + ((end - start) * i) / Math.max(1, count - 1));
    const subjectWords = Array.from({ length: this.rng.int(3, 7) }, () => this.word());
    const sentences: string[] = [];
    const n = this.rng.int(4, 12);
    for (let k = 0; k < n; k++) sentences.push(Array.from({ length: this.rng.int(6, 16) }, () => this.word()).join(' ') + '.');
    const patient = `${this.rng.pick(GIVEN)} ${this.rng.pick(SURNAMES)}`;
    return {
      messageId: `bench-search-${i}@bench.mssante.fr`,
      date,
      from: this.person(),
      to: this.person(),
      subject: `${subjectWords.join(' ')} ${patient}`,
      text: `Bonjour,\n\n${sentences.join(' ')}\n\nPatient : ${patient}.\n\nCordialement.\n`,
    };
  }

  /** Queries as a user types them: frequent and rare words, two words, prefixes, names. */
  queries(n: number): string[] {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const kind = i % 5;
      if (kind === 0) out.push(this.word());
      else if (kind === 1) out.push(this.words[this.rng.int(200, this.words.length - 1)]!);
      else if (kind === 2) out.push(`${this.word()} ${this.word()}`);
      else if (kind === 3) out.push(this.word().slice(0, this.rng.int(4, 6)));
      else out.push(this.rng.pick(SURNAMES).toLowerCase());
    }
    return out;
  }
}

export function toEml(m: CorpusMessage): string {
  const enc = (s: string) => `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`;
  return [
    `Message-ID: <${m.messageId}>`,
    `Date: ${new Date(m.date).toUTCString()}`,
    `From: ${enc(m.from.name)} <${m.from.address}>`,
    `To: ${enc(m.to.name)} <${m.to.address}>`,
    `Subject: ${enc(m.subject)}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    m.text,
  ].join('\r\n');
}
