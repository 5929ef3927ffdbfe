// Issue 19.7: writing to a patient's Mon espace santé mailbox — "[FIN]" in the subject ends the exchange
// like the option (toDraft sends X-MSS-MES: FIN for either), the notes shown (own address for minors,
// read receipt the patient cannot refuse, bounces) and the check of the matricule INS form.
import { describe, expect, it } from 'vitest';
import { endsExchange, hasFinMarker, mesNotes, suspiciousPatientAddresses } from '../../../renderer/src/features/compose/mes-rules';
import { hasPatient, stateFromDraft } from '../../../renderer/src/features/compose/model';
import { computeMssHeaders } from '../../../main/send/mss-headers';

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

describe('the message sent', () => {
  // What toDraft sends (model.ts: patientNoReply = endsExchange(subject, option, hasPatient)), then the
  // headers main computes from it (main/send/mss-headers.ts). toDraft itself needs a DOM (DOMPurify).
  const headersOf = async (subject: string, to: string[], option = false) => {
    const s = stateFromDraft({ bal: 'alice.martin@test.mssante.fr', to, cc: [], bcc: [], subject, html: '', text: '', attachments: [], requestDsn: false, requestReadReceipt: true, patientNoReply: option });
    const patientNoReply = endsExchange({ subject: s.subject, patientNoReply: s.patientNoReply, towardsPatient: hasPatient(s) });
    return computeMssHeaders({ nil: 'x', attachments: [], recipients: to, patientNoReply });
  };

  it('"[FIN]" in the subject towards a patient sends X-MSS-MES: FIN, as the option does', async () => {
    expect((await headersOf('[FIN] Vos résultats', [PATIENT]))['X-MSS-MES']).toBe('FIN');
    expect((await headersOf('Vos résultats', [PATIENT], true))['X-MSS-MES']).toBe('FIN');
    expect((await headersOf('Vos résultats', [PATIENT]))['X-MSS-MES']).toBeUndefined();
  });

  it('between professionals "[FIN]" is plain text: no header', async () => {
    expect((await headersOf('[FIN] Avis', ['bob.durand@test.mssante.fr']))['X-MSS-MES']).toBeUndefined();
    expect((await headersOf('[FIN] Avis', ['bob.durand@test.mssante.fr'], true))['X-MSS-MES']).toBeUndefined();
  });
});
