// Full-text indexing progress from 'index.progress' (issue #15): messages are readable as soon as they are
// stored; their text is indexed afterwards. Shown while messages wait, hidden when the queue is empty.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IndexProgressView } from '../../../../shared/types';
import { useBridgeEvent } from '../mail/hooks';

export function IndexStatus() {
  const { t, i18n } = useTranslation();
  const [p, setP] = useState<IndexProgressView | null>(null);
  useBridgeEvent('index.progress', (next) => setP(next.pending > 0 ? next : null));
  if (!p) return null;
  const nf = new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'fr-FR');
  const text = t('mail.sync.indexing', { count: p.pending, n: nf.format(p.pending) });
  return (
    <div className="sync-status" role="status" data-testid="index-progress" title={t('mail.sync.indexingHint')}>
      <div className="sync-status__text">
        <span>{text}</span>
      </div>
      <progress className="sync-status__bar" max={p.pending + p.indexed} value={p.indexed} aria-label={text} />
    </div>
  );
}
