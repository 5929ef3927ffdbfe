// "Archives locales" of the active BAL: archived messages no longer on the server, newest first. Opening
// one shows it in the reader from the encrypted cache (works offline). Keyboard: j/k or arrows, Enter.
import { forwardRef, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageListItem } from '../../../../shared/types';
import { useWorkspace } from '../../app/workspace';
import { mss } from '../../bridge';
import { MessageRow } from '../list/MessageRow';
import { errorText } from '../mail/hooks';
import { ArchivePolicyDialog } from './ArchivePolicyDialog';
import { setArchiveViewOpen } from './archive-view-state';
import { SaveStatus } from './SaveStatus';
import { useSaveStatus } from './use-save-status';
import './i18n';
import './archive.css';
import '../../styles/mail.css';

export const ArchiveListPane = forwardRef<HTMLElement>(function ArchiveListPane(_props, ref) {
  const { t, i18n } = useTranslation();
  const nf = new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'fr-FR');
  const { activeBal, messageId, setMessageId } = useWorkspace();
  const bal = activeBal?.address ?? null;
  const [items, setItems] = useState<MessageListItem[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [showPolicy, setShowPolicy] = useState(false);
  const exp = useSaveStatus();
  const scrollRef = useRef<HTMLDivElement>(null);

  const load = useCallback((before?: number) => {
    if (!bal) return;
    setError(null);
    mss.invoke('archive.list', { bal, limit: 100, ...(before ? { before } : {}) }).then(
      (page) => {
        setItems((old) => (before ? [...old, ...page.items] : page.items));
        setNext(page.next);
        setTotal(page.total);
        setLoading(false);
      },
      (e: unknown) => {
        setError(errorText(e));
        setLoading(false);
      },
    );
  }, [bal]);

  useEffect(() => {
    setLoading(true);
    load();
    if (!bal) return;
    return mss.on('messages.changed', (p) => {
      if (p.bal.toLowerCase() === bal.toLowerCase()) load();
    });
  }, [bal, load]);

  const selectedIndex = items.findIndex((i) => i.id === messageId);
  const select = (id: number) => setMessageId(id);
  const open = (id: number) => {
    setMessageId(id);
    document.getElementById('content')?.focus();
  };
  const onKey = (e: React.KeyboardEvent) => {
    if (e.ctrlKey || e.altKey || e.metaKey) return;
    const move = (to: number) => {
      const target = items[Math.max(0, Math.min(items.length - 1, to))];
      if (target) select(target.id);
    };
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(selectedIndex + 1), j: () => move(selectedIndex + 1),
      ArrowUp: () => move(selectedIndex - 1), k: () => move(selectedIndex - 1),
      Home: () => move(0), End: () => move(items.length - 1),
      Enter: () => items[selectedIndex] && open(items[selectedIndex]!.id),
    };
    const action = keys[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  };
  const exportMbox = () => {
    if (!bal) return;
    void exp.run(
      () => mss.invoke('folders.exportMbox', { bal, archived: true }),
      (r) => (r.savedTo ? t('archive.actions.savedMbox', { count: r.count, path: r.savedTo, missing: r.missing ? t('archive.actions.missing', { n: r.missing }) : '' }) : t('archive.actions.cancelled')),
    );
  };

  return (
    <section className="pane pane--list" aria-label={t('archive.view.title')} tabIndex={-1} ref={ref} data-testid="pane-archive">
      <div className="list-toolbar">
        <div className="list-toolbar__title" aria-live="polite" data-testid="archive-title">
          <strong>{t('archive.view.title')}</strong>
          {!loading && <span className="list-toolbar__count">{t('archive.view.count', { count: total, n: nf.format(total) })}</span>}
        </div>
        <div className="list-toolbar__actions">
          <button type="button" className="chip" onClick={() => setArchiveViewOpen(false)} data-testid="close-local-archive">{t('archive.view.back')}</button>
          <button type="button" className="chip" onClick={exportMbox} disabled={exp.busy || total === 0} title={t('archive.actions.exportArchiveLabel')} data-testid="export-archive-mbox">
            {t('archive.actions.exportMbox')}
          </button>
          <button type="button" className="chip" onClick={() => setShowPolicy(true)} data-testid="open-archive-policy">{t('archive.policy.open')}</button>
        </div>
      </div>
      <p className="archive-note">{t('archive.view.offlineNote')}</p>
      <SaveStatus status={exp.status} />
      {error && <p className="mail-inline-error" role="alert">{error}</p>}
      {!loading && !error && items.length === 0 && <p className="list-note" data-testid="archive-empty">{t('archive.view.empty')}</p>}
      <div
        ref={scrollRef}
        className="unified-list"
        role="listbox"
        tabIndex={0}
        aria-label={t('archive.view.label')}
        aria-activedescendant={selectedIndex >= 0 ? `msg-${items[selectedIndex]!.id}` : undefined}
        onKeyDown={onKey}
        data-testid="archive-list"
        hidden={items.length === 0}
      >
        {items.map((item, i) => (
          <MessageRow key={item.id} item={item} index={i} count={total} selected={item.id === messageId} query="" showRecipients={false} onSelect={select} onOpen={open} />
        ))}
        {next !== null && (
          <button type="button" className="button unified-list__more" onClick={() => load(next)}>{t('archive.view.loadMore')}</button>
        )}
      </div>
      {bal && <ArchivePolicyDialog bal={bal} open={showPolicy} onClose={() => setShowPolicy(false)} />}
    </section>
  );
});
