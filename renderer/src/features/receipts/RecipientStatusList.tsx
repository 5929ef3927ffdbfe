// Per-recipient delivery / read status (DSN and MDN reports), shared by the receipts panel and the outbox.
import { useTranslation } from 'react-i18next';
import type { OutboxItemView, RecipientStatus } from '../../../../shared/types';
import { formatListDate } from '../mail/format';

const ICON: Record<RecipientStatus, string> = { pending: '…', delivered: '✓', read: '✓✓', failed: '✕', delayed: '⏱' };

export function RecipientStatusList({ recipients, compact = false }: { recipients: OutboxItemView['recipients']; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <ul className={`receipts__list ${compact ? 'receipts__list--compact' : ''}`}>
      {recipients.map((r) => (
        <li key={r.address} className={`receipt receipt--${r.status}`} data-testid="receipt" data-status={r.status}>
          <span className="receipt__icon" aria-hidden="true">
            {ICON[r.status]}
          </span>
          <span className="receipt__addr" title={r.address}>
            {r.address}
          </span>
          <span className="receipt__status">{t(`compose.receipts.status.${r.status}`)}</span>
          {r.at ? (
            <time className="receipt__at" dateTime={new Date(r.at).toISOString()}>
              {formatListDate(r.at, i18n.language)}
            </time>
          ) : (
            <span />
          )}
          {r.detail && !compact && <span className="receipt__detail">{r.detail}</span>}
        </li>
      ))}
    </ul>
  );
}
