// Above the list while several messages are selected: how many, and what can be done with them.
import { useTranslation } from 'react-i18next';
import './i18n';

export type SelectionAction = 'delete' | 'archive' | 'move' | 'copy' | 'keepOffline';

export function SelectionBar({ count, inTrash, keepOffline, onAction, onClear }: {
  count: number;
  inTrash: boolean;
  keepOffline: boolean;
  onAction: (a: SelectionAction) => void;
  onClear: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="selection-bar" role="toolbar" aria-label={t('filing.toolbar.label')} data-testid="selection-bar">
      <span className="selection-bar__count" aria-live="polite" data-testid="selection-count">
        {t('filing.selected', { count })}
      </span>
      <button type="button" className="button button--small" onClick={() => onAction('delete')} title={t('filing.toolbar.deleteLabel')} data-testid="selection-delete">
        {inTrash ? t('filing.toolbar.deleteForever') : t('filing.toolbar.delete')}
      </button>
      <button type="button" className="button button--small" onClick={() => onAction('archive')} title={t('filing.toolbar.archiveLabel')} data-testid="selection-archive">
        {t('filing.toolbar.archive')}
      </button>
      <button type="button" className="button button--small" onClick={() => onAction('move')} title={t('filing.toolbar.moveLabel')} data-testid="selection-move">
        {t('filing.toolbar.move')}
      </button>
      <button type="button" className="button button--small" onClick={() => onAction('copy')} title={t('filing.toolbar.copyLabel')} data-testid="selection-copy">
        {t('filing.toolbar.copy')}
      </button>
      {keepOffline && (
        <button type="button" className="button button--small" onClick={() => onAction('keepOffline')} title={t('filing.toolbar.keepOfflineLabel')} data-testid="selection-keep-offline">
          {t('filing.toolbar.keepOffline')}
        </button>
      )}
      <button type="button" className="icon-button" onClick={onClear} aria-label={t('compose.close')} title={t('compose.close')}>
        ×
      </button>
    </div>
  );
}
