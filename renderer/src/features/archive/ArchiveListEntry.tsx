// List toolbar entries: "Exporter (mbox)" of the folder on screen, and the way into "Archives locales".
import { useTranslation } from 'react-i18next';
import { mss } from '../../bridge';
import { DownloadIcon } from '../mail/icons';
import { setArchiveViewOpen } from './archive-view-state';
import { SaveStatus } from './SaveStatus';
import { useSaveStatus } from './use-save-status';
import './i18n';
import './archive.css';

export function ArchiveListEntry({ folderId }: { folderId: number | null }) {
  const { t } = useTranslation();
  const { status, busy, run } = useSaveStatus();
  const exportMbox = () => {
    if (folderId === null) return;
    void run(
      () => mss.invoke('folders.exportMbox', { folderId }),
      (r) => (r.savedTo
        ? t('archive.actions.savedMbox', { count: r.count, path: r.savedTo, missing: r.missing ? t('archive.actions.missing', { n: r.missing }) : '' })
        : t('archive.actions.cancelled')),
    );
  };
  return (
    <>
      <button type="button" className="chip" onClick={() => setArchiveViewOpen(true)} title={t('archive.view.openLabel')} data-testid="open-local-archive">
        {t('archive.view.open')}
      </button>
      {folderId !== null && (
        <button
          type="button"
          className="icon-button"
          onClick={exportMbox}
          disabled={busy}
          title={t('archive.actions.exportFolderLabel')}
          aria-label={t('archive.actions.exportFolderLabel')}
          data-testid="export-folder-mbox"
        >
          <DownloadIcon />
        </button>
      )}
      <SaveStatus status={status} />
    </>
  );
}
