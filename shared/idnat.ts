// National identifiers (IdNat) of health professionals as carried by CPS cards and PSC tokens: one type
// digit, then the identifier. 8 + RPPS and 0 + ADELI name a person in a national directory; 1, 3, 4, 5, 6
// name a person inside a structure (structure id, "/", the structure's own id for the person), e.g.
// `500000001815646/CPAT00045` (5 + SIRET 00000001815646 / CPAT00045). Sources and assumptions: docs/ans-sources.md.
// Shared by main (token and card paths, audit) and the renderer (login form, display): no Node API here.

export type IdNatKind = 'rpps' | 'adeli' | 'finess' | 'finess-legal' | 'siren' | 'siret' | 'rpps-cabinet';

export interface ParsedIdNat {
  idNat: string;
  kind: IdNatKind;
  /** RPPS/ADELI number, or the structure's identifier. */
  identifier: string;
  /** The structure's own identifier for the person (after "/"), for structure forms. */
  localId?: string;
}

const KIND_BY_PREFIX: Record<string, IdNatKind> = {
  '0': 'adeli',
  '1': 'finess',
  '3': 'finess-legal',
  '4': 'siren',
  '5': 'siret',
  '6': 'rpps-cabinet',
  '8': 'rpps',
};

const LABELS: Record<IdNatKind, string> = {
  rpps: 'RPPS',
  adeli: 'ADELI',
  finess: 'FINESS',
  'finess-legal': 'FINESS juridique',
  siren: 'SIREN',
  siret: 'SIRET',
  'rpps-cabinet': 'RPPS cabinet',
};

const PERSON = /^([08])(\d{7,11})$/;
// Structure forms: type digit, structure id, optionally "/" and the local id (printable, no space).
const STRUCTURE = /^([13456])([0-9A-Za-z]{5,20})(?:\/([!-~]{1,40}))?$/;

export function parseIdNat(value: string): ParsedIdNat | undefined {
  const v = value.trim();
  const person = PERSON.exec(v);
  if (person) return { idNat: v, kind: KIND_BY_PREFIX[person[1]!]!, identifier: person[2]! };
  const structure = STRUCTURE.exec(v);
  if (structure && !structure[3]?.includes('/')) {
    return { idNat: v, kind: KIND_BY_PREFIX[structure[1]!]!, identifier: structure[2]!, ...(structure[3] ? { localId: structure[3] } : {}) };
  }
  return undefined;
}

export function isIdNat(value: string): boolean {
  return parseIdNat(value) !== undefined;
}

/** Longest IdNat accepted (type digit, 20-character structure id, "/", 40-character local id). */
export const IDNAT_MAX_LENGTH = 62;

/** "RPPS 10001234567", "SIRET 00000001815646 · CPAT00045" (falls back to the raw value). */
export function formatIdNat(value: string): string {
  const p = parseIdNat(value);
  if (!p) return value;
  return `${LABELS[p.kind]} ${p.identifier}${p.localId ? ` · ${p.localId}` : ''}`;
}
