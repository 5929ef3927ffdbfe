// "Archivage automatique" of one BAL: after N days, processed (read) mail of INBOX and Sent is archived on
// this workstation (verified copy) and removed from the server. Native <dialog>: Escape closes.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mss } from '../../bridge';
import { errorText } from '../mail/hooks';
import './i18n';
import './archive.css';

export function ArchivePolicyDialog({ bal, open, onClose }: { bal: string; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const [enabled, setEnabled] = useState(false);
  const [days, setDays] = useState(90);
  const [serverAction, setServerAction] = useState<'expunge' | 'trash'>('expunge');
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
    if (!open) return;
    setStatus(null);
    mss.invoke('archive.getPolicy', { bal }).then(
      (p) => {
        setEnabled(!!p);
        if (p) {
          setDays(p.days);
          setServerAction(p.serverAction);
        }
      },
      (e: unknown) => setStatus({ kind: 'error', text: errorText(e) }),
    );
  }, [open, bal]);

  const save = (e: React.FormEvent) => {
    e.preventDefault();
    mss.invoke('archive.setPolicy', { bal, days: enabled ? days : null, serverAction }).then(
      (p) => setStatus({ kind: 'ok', text: p ? t('archive.policy.saved') : t('archive.policy.off') }),
      (err: unknown) => setStatus({ kind: 'error', text: errorText(err) }),
    );
  };

  return (
    <dialog ref={ref} className="dialog archive-policy" aria-labelledby="archive-policy-title" onClose={onClose} data-testid="archive-policy-dialog">
      <h2 id="archive-policy-title">{t('archive.policy.title')}</h2>
      <p>{t('archive.policy.intro')}</p>
      <form onSubmit={save}>
        <label>
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} data-testid="archive-policy-enabled" />
          {t('archive.policy.enabled')}
        </label>
        <label>
          {t('archive.policy.days')}
          <input type="number" min={1} max={3650} value={days} disabled={!enabled} onChange={(e) => setDays(Math.max(1, Math.min(3650, Number(e.target.value) || 1)))} data-testid="archive-policy-days" />
        </label>
        <label>
          {t('archive.policy.serverAction')}
          <select value={serverAction} disabled={!enabled} onChange={(e) => setServerAction(e.target.value === 'trash' ? 'trash' : 'expunge')}>
            <option value="expunge">{t('archive.policy.expunge')}</option>
            <option value="trash">{t('archive.policy.trash')}</option>
          </select>
        </label>
        {status && (
          <p className={status.kind === 'error' ? 'mail-inline-error' : 'archive-status'} role={status.kind === 'error' ? 'alert' : 'status'}>
            {status.text}
          </p>
        )}
        <div className="archive-policy__buttons">
          <button type="button" className="button" onClick={onClose}>{t('archive.policy.close')}</button>
          <button type="submit" className="button button--primary" data-testid="archive-policy-save">{t('archive.policy.save')}</button>
        </div>
      </form>
    </dialog>
  );
}
