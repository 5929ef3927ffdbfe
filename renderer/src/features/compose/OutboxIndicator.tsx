// Outbox state at a glance (queued / sending / failed) with the list, French errors and "Réessayer".
// Live from `outbox.changed` through the compose provider.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutboxItemView } from '../../../../shared/types';
import { formatListDate } from '../mail/format';
import { RecipientStatusList } from '../receipts/RecipientStatusList';
import { useCompose } from './compose-context';

const RECENT_MS = 24 * 3600_000;

export function OutboxState({ item }: { item: OutboxItemView }) {
  const { t } = useTranslation();
  return (
    <span className={`outbox-state outbox-state--${item.state}`} data-testid="outbox-state" data-state={item.state}>
      {t(`compose.outbox.state.${item.state}`)}
    </span>
  );
}

export function OutboxIndicator() {
  const { t, i18n } = useTranslation();
  const { outbox, retry, refreshOutbox } = useCompose();
  const [show, setShow] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const now = Date.now();
  const recent = outbox.filter((o) => o.state !== 'sent' || now - (o.sentAt ?? o.createdAt) < RECENT_MS).sort((a, b) => b.createdAt - a.createdAt);
  const pending = outbox.filter((o) => o.state === 'queued' || o.state === 'sending').length;
  const failed = outbox.filter((o) => o.state === 'failed').length;

  useEffect(() => {
    if (!show) return;
    refreshOutbox();
    const onDown = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setShow(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [show, refreshOutbox]);

  if (recent.length === 0) return null;
  const summary = failed > 0 ? t('compose.outbox.failed', { count: failed }) : pending > 0 ? t('compose.outbox.pending', { count: pending }) : t('compose.outbox.allSent');
  return (
    <div className="outbox" ref={box}>
      <button
        type="button"
        className={`button button--small outbox__button ${failed ? 'outbox__button--failed' : pending ? 'outbox__button--pending' : ''}`}
        aria-expanded={show}
        onClick={() => setShow((s) => !s)}
        data-testid="outbox-button"
      >
        <span className="outbox__dot" aria-hidden="true" />
        {summary}
      </button>
      {show && (
        <div
          className="popover popover--outbox"
          role="region"
          aria-label={t('compose.outbox.title')}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              setShow(false);
            }
          }}
          data-testid="outbox-list"
        >
          <h3 className="popover__heading">{t('compose.outbox.title')}</h3>
          <ul className="popover__list">
            {recent.map((o) => (
              <li key={o.id} className="outbox-item" data-testid="outbox-item">
                <div className="outbox-item__line">
                  <span className="popover__title">{o.subject || t('compose.noSubject')}</span>
                  <OutboxState item={o} />
                </div>
                <div className="popover__meta">
                  {t('compose.outbox.to', { list: o.to.join(', ') })} · {formatListDate(o.sentAt ?? o.createdAt, i18n.language)}
                </div>
                {o.state === 'sent' && o.recipients.length > 0 && <RecipientStatusList recipients={o.recipients} compact />}
                {o.state === 'failed' && (
                  <div className="outbox-item__error">
                    <span role="alert">{o.error ?? t('compose.outbox.unknownError')}</span>
                    <button type="button" className="button button--small" onClick={() => void retry(o.id)} data-testid="outbox-retry">
                      {t('compose.outbox.retry')}
                    </button>
                  </div>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
