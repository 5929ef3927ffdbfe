// Top of the sidebar: "Nouveau message" (N), the drafts of the active BAL, and the outbox indicator.
import { useEffect, useRef, useState } from 'react';
import { ComposeSettingsDialog } from './ComposeSettingsDialog';
import { useTranslation } from 'react-i18next';
import { useWorkspace } from '../../app/workspace';
import { mss } from '../../bridge';
import { formatListDate } from '../mail/format';
import { errorText } from '../mail/hooks';
import { useCompose } from './compose-context';
import { GearIcon, PenIcon } from './icons';
import { OutboxIndicator } from './OutboxIndicator';

function DraftsMenu() {
  const { t, i18n } = useTranslation();
  const { activeBal } = useWorkspace();
  const { open, isOpen } = useCompose();
  const [show, setShow] = useState(false);
  const [drafts, setDrafts] = useState<Array<{ draftId: number; subject: string; savedAt: number }> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const bal = activeBal?.address;

  useEffect(() => {
    if (!bal || isOpen) return;
    let alive = true;
    mss.invoke('drafts.list', { bal }).then(
      (l) => alive && (setDrafts(l), setError(null)),
      (e: unknown) => alive && setError(errorText(e)),
    );
    return () => {
      alive = false;
    };
  }, [bal, isOpen, show]);

  useEffect(() => {
    if (!show) return;
    const onDown = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setShow(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [show]);

  const count = drafts?.length ?? 0;
  return (
    <div className="drafts-menu" ref={box}>
      <button
        type="button"
        className="button button--small"
        aria-expanded={show}
        aria-haspopup="true"
        onClick={() => setShow((s) => !s)}
        disabled={!bal}
        data-testid="drafts-button"
      >
        {t('compose.drafts.button', { count })}
      </button>
      {show && (
        <div
          className="popover"
          role="region"
          aria-label={t('compose.drafts.title')}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              setShow(false);
            }
          }}
          data-testid="drafts-list"
        >
          {error && <p className="mail-inline-error">{error}</p>}
          {drafts && drafts.length === 0 && <p className="popover__note">{t('compose.drafts.none')}</p>}
          <ul className="popover__list">
            {drafts?.map((d) => (
              <li key={d.draftId}>
                <button
                  type="button"
                  className="popover__item"
                  onClick={() => {
                    setShow(false);
                    open({ kind: 'draft', draftId: d.draftId });
                  }}
                >
                  <span className="popover__title">{d.subject || t('compose.noSubject')}</span>
                  <span className="popover__meta">{formatListDate(d.savedAt, i18n.language)}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

export function ComposeLauncher() {
  const { t } = useTranslation();
  const { open } = useCompose();
  const { activeBal } = useWorkspace();
  const [settings, setSettings] = useState(false);
  return (
    <div className="compose-launcher">
      <button type="button" className="button button--primary compose-launcher__new" onClick={() => open({ kind: 'new' })} disabled={!activeBal} title={`${t('compose.new')} (N)`} data-testid="compose-new">
        <PenIcon /> {t('compose.new')}
      </button>
      <div className="compose-launcher__row">
        <DraftsMenu />
        <button type="button" className="button button--small compose-launcher__settings" onClick={() => setSettings(true)} title={t('compose.settings.title')} aria-label={t('compose.settings.title')} data-testid="compose-settings-button">
          <GearIcon />
        </button>
        <OutboxIndicator />
      </div>
      {settings && <ComposeSettingsDialog onClose={() => setSettings(false)} />}
    </div>
  );
}
