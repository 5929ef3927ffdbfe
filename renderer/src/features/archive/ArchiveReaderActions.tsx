// Reader toolbar: "Exporter (.eml)" ("Classer hors ligne", the verified local copy then removed from the
// server, is in features/filing: confirmed, and only where the BAL's titulaire or retention rule allow it).
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageView } from '../../../../shared/types';
import { mss } from '../../bridge';
import { SaveStatus } from './SaveStatus';
import { useSaveStatus } from './use-save-status';
import './i18n';
import './archive.css';

export function ArchiveReaderActions({ view }: { view: MessageView }) {
  const { t } = useTranslation();
  const { status, busy, run, clear } = useSaveStatus();
  useEffect(clear, [view.id]); // a new message: the previous status is moot

  const exportEml = () =>
    void run(
      () => mss.invoke('messages.exportEml', { id: view.id }),
      (r) => (r.savedTo ? t('archive.actions.saved', { path: r.savedTo }) : t('archive.actions.cancelled')),
    );

  return (
    <span className="archive-actions" data-testid="archive-reader-actions">
      <button type="button" className="button button--small" onClick={exportEml} disabled={busy} title={t('archive.actions.exportEmlLabel')} data-testid="export-eml">
        {t('archive.actions.exportEml')}
      </button>
      <SaveStatus status={status} />
    </span>
  );
}
