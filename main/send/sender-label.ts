// MSSanté sender label: `From: Titre_Prénom_NOM_Entité <address>` for a PER BAL (the titular's title and
// name, plus the entity when known), the functional entity's name for ORG / CAB / APP BALs.
import type { BalType } from '../../shared/types';

export interface LabelPerson {
  givenName: string;
  familyName: string;
  profession: string;
}

const DOCTOR_PROFESSIONS = /^(m[ée]decin|chirurgien[- ]dentiste|pharmacien|docteur)/i;

export function titleOf(profession: string): string {
  return DOCTOR_PROFESSIONS.test(profession.trim()) ? 'Dr' : '';
}

/** Joins the parts with '_' (parts keep their inner spaces, as in `Dr_Marie_MARTIN_Cabinet Medical`). */
export function joinLabel(parts: ReadonlyArray<string | null | undefined>): string {
  return parts
    .map((p) => (p ?? '').replace(/[_\r\n<>"]/g, ' ').replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('_');
}

/**
 * Default label of a BAL. For a PER: the titular — the person logged in when the BAL is theirs, else
 * the BAL's label as configured (e.g. "Dr Alice MARTIN" → Dr_Alice_MARTIN). Never the delegate's name.
 */
export function defaultFromLabel(
  bal: { address: string; type: BalType; label: string; entity?: string | null },
  person: LabelPerson | null,
  personIsTitular: boolean,
): string {
  if (bal.type !== 'PER') return joinLabel([bal.label || bal.address]);
  if (person && personIsTitular) {
    return joinLabel([titleOf(person.profession), person.givenName, person.familyName.toUpperCase(), bal.entity]);
  }
  const words = (bal.label || '').split(/\s+/).filter(Boolean);
  if (words.length > 0) return joinLabel([...words, bal.entity]);
  return joinLabel([bal.address.split('@')[0]]);
}

/** A label typed by the user: one line, bounded, no address syntax characters. */
export function cleanLabel(label: string): string {
  return label.replace(/[\r\n<>"]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
}

/**
 * The Sender of a message sent from a BAL the person was delegated on (RFC 5322 §3.6.2: From is the BAL,
 * Sender the person who sent it): her name, at her own PER BAL when she holds one, else at the BAL she
 * sends from (a secretary has no mailbox of her own: the delegated BAL is the only address her login
 * proved). Null for the BAL's titular or co-titular, who send as the BAL.
 */
export function senderOf(
  bal: { address: string; role: 'titulaire' | 'cotitulaire' | 'délégataire' },
  person: { givenName: string; familyName: string },
  allowed: ReadonlyArray<{ address: string; type: BalType; role: string }>,
): { name: string | null; address: string } | null {
  if (bal.role !== 'délégataire') return null;
  const own = allowed.find((b) => b.type === 'PER' && b.role === 'titulaire');
  const name = cleanLabel(`${person.givenName} ${person.familyName}`) || null;
  return { name, address: own?.address ?? bal.address };
}
