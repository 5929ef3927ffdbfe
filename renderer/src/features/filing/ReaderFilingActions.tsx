// Reader toolbar: delete (to the Trash, undo in a toast; for good from the Trash, confirmed), "Archiver"
// (the server's Archives folder), move / copy to a folder, and "Classer hors ligne" where allowed.
import { useTranslation } from 'react-i18next';
import type { MessageView } from '../../../../shared/types';
import { useWorkspace } from '../../app/workspace';
import { folderKind } from '../mail/folder-names';
import { FolderKindIcon, TrashIcon } from '../mail/icons';
import { useFolder } from '../mail/use-folder';
import { useFiling } from './filing-context';
import { useKeepOfflineAllowed } from './use-keep-offline-allowed';
import './i18n';

export function ReaderFilingActions({ view, onGone }: { view: MessageView; onGone: () => void }) {
  const { t } = useTranslation();
  const { activeBal } = useWorkspace();
  const bal = activeBal?.address ?? null;
  const filing = useFiling();
  const folder = useFolder(bal, view.folderId);
  const kind = folder ? folderKind(folder) : 'folder';
  const keepOffline = useKeepOfflineAllowed(activeBal);
  const after = (p: Promise<boolean>) => void p.then((done) => done && onGone());
  const item = [{ id: view.id, folderId: view.folderId }];
  return (
    <>
      <button
        type="button"
        className="icon-button"
        onClick={() => after(filing.remove([view.id], { inTrash: kind === 'trash' }))}
        title={kind === 'trash' ? t('filing.toolbar.deleteForever') : t('filing.toolbar.deleteLabel')}
        aria-label={kind === 'trash' ? t('filing.toolbar.deleteForever') : t('filing.toolbar.delete')}
        data-testid="reader-delete"
      >
        <TrashIcon />
      </button>
      {kind !== 'archive' && (
        <button type="button" className="icon-button" onClick={() => after(filing.archive([view.id]))} title={t('filing.toolbar.archiveLabel')} aria-label={t('filing.toolbar.archive')} data-testid="reader-archive">
          <FolderKindIcon kind="archive" />
        </button>
      )}
      {bal && (
        <button type="button" className="button button--small" onClick={() => after(filing.pick('move', item, bal))} title={t('filing.toolbar.moveLabel')} data-testid="reader-move">
          {t('filing.toolbar.move')}
        </button>
      )}
      {keepOffline && (
        <button type="button" className="button button--small" onClick={() => after(filing.keepOffline([view.id]))} title={t('filing.toolbar.keepOfflineLabel')} data-testid="keep-offline">
          {t('filing.toolbar.keepOffline')}
        </button>
      )}
    </>
  );
}
