// Sync progress (count + bar) from 'sync.progress' for the active BAL. Hidden on 'idle', shortly after
// a phase completes, or when the engine has been silent for a while (it may stop without saying so).
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncProgress } from '../../../../shared/types';
import { folderLabelKey } from '../mail/folder-names';
import { useBridgeEvent } from '../mail/hooks';

const HIDE_AFTER_DONE_MS = 1500;
const HIDE_AFTER_SILENCE_MS = 15_000;

export function SyncStatus({ bal }: { bal: string | null }) {
  const { t, i18n } = useTranslation();
  const [p, setP] = useState<SyncProgress | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useBridgeEvent('sync.progress', (next) => {
    if (!bal || next.bal.toLowerCase() !== bal.toLowerCase()) return;
    if (timer.current) clearTimeout(timer.current);
    // 'idle', or a folder with nothing to fetch: nothing to show.
    if (next.phase === 'idle' || (next.phase !== 'folders' && next.total === 0)) {
      setP(null);
      return;
    }
    setP(next);
    const finished = next.phase !== 'folders' && next.total > 0 && next.done >= next.total;
    timer.current = setTimeout(() => setP(null), finished ? HIDE_AFTER_DONE_MS : HIDE_AFTER_SILENCE_MS);
  });
  useEffect(() => {
    setP(null);
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [bal]);
  if (!p || !bal) return null;
  const nf = new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'fr-FR');
  const pct = p.total > 0 ? Math.min(100, Math.round((p.done / p.total) * 100)) : 0;
  const key = folderLabelKey({ specialUse: null, path: p.folder, name: p.folder });
  const folder = key ? t(key) : p.folder;
  const text =
    p.phase === 'folders'
      ? t('mail.sync.folders')
      : p.phase === 'bodies'
        ? t('mail.sync.bodies', { done: nf.format(p.done), total: nf.format(p.total) })
        : t('mail.sync.progress', { done: nf.format(p.done), total: nf.format(p.total) });
  return (
    <div className="sync-status" role="status" data-testid="sync-progress">
      <div className="sync-status__text">
        {/* Listing folders (first login): no folder yet, the BAL is named. */}
        <strong>{t('mail.sync.first', { bal, folder: p.phase === 'folders' ? bal : folder })}</strong>
        <span>{text}</span>
      </div>
      <progress className="sync-status__bar" max={100} value={p.phase === 'folders' ? undefined : pct} aria-label={text} />
    </div>
  );
}
