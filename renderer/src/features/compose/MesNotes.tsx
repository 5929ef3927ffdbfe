// What writing to a patient's Mon espace santé mailbox implies, shown under the send options when a
// patient is among the recipients (rules and sources: docs/mon-espace-sante.md).
import { useTranslation } from 'react-i18next';
import { mesNotes, suspiciousPatientAddresses } from './mes-rules';
import { type ComposeState, allRecipients } from './model';

export function MesNotes({ state, patient }: { state: ComposeState; patient: boolean }) {
  const { t } = useTranslation();
  const notes = mesNotes({ towardsPatient: patient, requestReadReceipt: state.requestReadReceipt, subject: state.subject, patientNoReply: state.patientNoReply });
  if (notes.length === 0) return null;
  const suspicious = suspiciousPatientAddresses(allRecipients(state).map((c) => c.address));
  return (
    <div className="composer__mes" role="note" aria-label={t('compose.mes.title')} data-testid="mes-notes">
      <ul>
        {notes.map((n) => (
          <li key={n} data-note={n}>
            {t(`compose.mes.${n}`)}
          </li>
        ))}
      </ul>
      {suspicious.length > 0 && (
        <p className="field__error" role="alert" data-testid="mes-suspicious">
          {t('compose.mes.notIns', { list: suspicious.join(', ') })}
        </p>
      )}
    </div>
  );
}
