// Writing to a patient's Mon espace santé mailbox (<matricule INS>@patient.mssante.fr): the rules the
// composer shows and applies. Sources, and which rules rest only on the issue or third parties:
// docs/mon-espace-sante.md.
import { isPatientAddress } from '../../../../shared/addresses';

/** "[FIN]" anywhere in the subject ends the exchange, like the X-MSS-MES: FIN header. */
const FIN_MARKER = /\[\s*FIN\s*\]/i;

export function hasFinMarker(subject: string): boolean {
  return FIN_MARKER.test(subject);
}

/** The exchange with the patient ends with this message: the option, or "[FIN]" in the subject. */
export function endsExchange(o: { subject: string; patientNoReply: boolean; towardsPatient: boolean }): boolean {
  return o.towardsPatient && (o.patientNoReply || hasFinMarker(o.subject));
}

/** Matricule INS: 13 characters (NIR or NIA, Corsica 2A/2B) and its 2-digit key. */
const INS_MATRICULE = /^[0-9]{5}(?:[0-9]{2}|2[AB])[0-9]{6}[0-9]{2}$/i;

/** Patient addresses whose local part is not a 15-character matricule INS (typed by hand, or a parent's number cut). */
export function suspiciousPatientAddresses(addresses: readonly string[]): string[] {
  return addresses.filter((a) => isPatientAddress(a) && !INS_MATRICULE.test(a.slice(0, a.lastIndexOf('@'))));
}

export type MesNote = 'read-receipt' | 'end-of-exchange' | 'own-address' | 'bounces';

/** The notes the composer shows when a patient is among the recipients, in order. */
export function mesNotes(o: { towardsPatient: boolean; requestReadReceipt: boolean; subject: string; patientNoReply: boolean }): MesNote[] {
  if (!o.towardsPatient) return [];
  const notes: MesNote[] = ['own-address'];
  if (o.requestReadReceipt) notes.push('read-receipt');
  if (endsExchange(o)) notes.push('end-of-exchange');
  notes.push('bounces');
  return notes;
}
