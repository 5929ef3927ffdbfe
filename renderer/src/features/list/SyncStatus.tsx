// First-sync progress (count + bar) from 'sync.progress' for the active BAL.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncProgress } from '../../../../shared/types';
import { useBridgeEvent } from '../mail/hooks';

export function SyncStatus({ bal }: { bal: string | null }) {
  const { t, i18n } = useTranslation();
  const [p, setP] = useState<SyncProgress | null>(null);
  useBridgeEvent('sync.progress', (next) => {
    if (bal && next.bal.toLowerCase() === bal.toLowerCase()) setP(next.phase === 'idle' ? null : next);
  });
  if (!p || !bal) return null;
  const nf = new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'fr-FR');
  const pct = p.total > 0 ? Math.min(100, Math.round((p.done / p.total) * 100)) : 0;
  const text =
    p.phase === 'folders'
      ? t('mail.sync.folders')
      : p.phase === 'bodies'
        ? t('mail.sync.bodies', { done: nf.format(p.done), total: nf.format(p.total) })
        : t('mail.sync.progress', { done: nf.format(p.done), total: nf.format(p.total) });
  return (
    <div className="sync-status" role="status" data-testid="sync-progress">
      <div className="sync-status__text">
        <strong>{t('mail.sync.first', { bal })}</strong>
        <span>{text}</span>
      </div>
      <progress className="sync-status__bar" max={100} value={p.phase === 'folders' ? undefined : pct} aria-label={text} />
    </div>
  );
}
