// Delivery and read status per recipient of a message sent from here (DSN / MDN reports), live from
// `outbox.changed`; says who sent it from this workstation for delegated sending.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageView, OutboxItemView } from '../../../../shared/types';
import { mss } from '../../bridge';
import { formatFullDate } from '../mail/format';
import { useBridgeEvent } from '../mail/hooks';
import { OutboxState } from '../compose/OutboxIndicator';
import { useCompose } from '../compose/compose-context';
import { RecipientStatusList } from './RecipientStatusList';

export function ReceiptsPanel({ view }: { view: MessageView }) {
  const { t, i18n } = useTranslation();
  const { retry } = useCompose();
  const [item, setItem] = useState<OutboxItemView | null>(null);

  useEffect(() => {
    let alive = true;
    setItem(null);
    mss.invoke('receipts.forMessage', view.id).then(
      (r) => alive && setItem(r),
      () => {},
    );
    return () => {
      alive = false;
    };
  }, [view.id]);

  useBridgeEvent('outbox.changed', (o) => {
    if (item && (o.id === item.id || o.messageId === item.messageId)) setItem(o);
    else if (!item && view.messageId && o.messageId === view.messageId) setItem(o);
  });

  if (!item) return null;
  const sentBy = item.sentBy ?? view.sentBy;
  return (
    <section className="receipts" aria-labelledby="receipts-title" data-testid="receipts-panel">
      <div className="receipts__head">
        <h3 id="receipts-title" className="receipts__title">
          {t('compose.receipts.title')}
        </h3>
        <OutboxState item={item} />
        {item.sentAt && (
          <span className="receipts__when">{t('compose.receipts.sentAt', { date: formatFullDate(item.sentAt, i18n.language) })}</span>
        )}
      </div>
      {sentBy && (
        <p className="receipts__by" data-testid="receipts-sent-by">
          {t('compose.receipts.sentBy', { name: sentBy.name })}
        </p>
      )}
      {item.state === 'failed' && (
        <p className="receipts__error" role="alert">
          {item.error ?? t('compose.outbox.unknownError')}{' '}
          <button type="button" className="button button--small" onClick={() => void retry(item.id)}>
            {t('compose.outbox.retry')}
          </button>
        </p>
      )}
      <RecipientStatusList recipients={item.recipients} />
    </section>
  );
}
