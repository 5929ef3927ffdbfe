// Issue 19.7: writing to a patient's Mon espace santé mailbox — "[FIN]" in the subject ends the exchange
// like the option (toDraft sends X-MSS-MES: FIN for either), the notes shown (own address for minors,
// read receipt the patient cannot refuse, bounces) and the check of the matricule INS form.
import { describe, expect, it } from 'vitest';
import { endsExchange, hasFinMarker, mesNotes, suspiciousPatientAddresses } from '../../../renderer/src/features/compose/mes-rules';

const PATIENT = '279035121518989@patient.mssante.fr';

describe('end of exchange', () => {
  it('"[FIN]" anywhere in the subject, any case or spacing, ends it like the option', () => {
    for (const s of ['[FIN] Vos résultats', 'Vos résultats [fin]', 'RE: suivi [ FIN ]']) expect(hasFinMarker(s), s).toBe(true);
    for (const s of ['FIN', 'Fin de traitement', '[FINESS] 750000001', '']) expect(hasFinMarker(s), s).toBe(false);
    expect(endsExchange({ subject: '[FIN] x', patientNoReply: false, towardsPatient: true })).toBe(true);
    expect(endsExchange({ subject: 'x', patientNoReply: true, towardsPatient: true })).toBe(true);
    // Only towards a patient: between professionals "[FIN]" is just text.
    expect(endsExchange({ subject: '[FIN] x', patientNoReply: true, towardsPatient: false })).toBe(false);
  });
});

describe('notes when a patient is a recipient', () => {
  it('own address (minors), read receipt the patient cannot refuse, end of exchange, bounces shown', () => {
    expect(mesNotes({ towardsPatient: false, requestReadReceipt: true, subject: '[FIN]', patientNoReply: true })).toEqual([]);
    expect(mesNotes({ towardsPatient: true, requestReadReceipt: false, subject: 'x', patientNoReply: false })).toEqual(['own-address', 'bounces']);
    expect(mesNotes({ towardsPatient: true, requestReadReceipt: true, subject: '[FIN] x', patientNoReply: false })).toEqual(['own-address', 'read-receipt', 'end-of-exchange', 'bounces']);
  });

  it('a patient address whose local part is not a 15-character matricule INS is flagged', () => {
    expect(suspiciousPatientAddresses([PATIENT, '2790351215189@patient.mssante.fr', '1850520A01234 56@patient.mssante.fr', '18505 2A0123456@x.fr', 'alice@test.mssante.fr'])).toEqual([
      '2790351215189@patient.mssante.fr',
      '1850520A01234 56@patient.mssante.fr',
    ]);
    expect(suspiciousPatientAddresses(['185052A01234567@patient.mssante.fr'])).toEqual([]);
  });
});
