// "Code hors ligne…": the online person sets (or removes) the local code that opens this workstation's cache
// without network (docs/offline-unlock.md). Main accepts it only during an online session.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OfflineCodeStatus } from '../../../../shared/types';
import { mss } from '../../bridge';

export function OfflineCodeDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const [status, setStatus] = useState<OfflineCodeStatus | null>(null);
  const [code, setCode] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      setCode('');
      setAgain('');
      setError(null);
      setDone(null);
      void mss.invoke('auth.offlineCodeStatus').then(setStatus).catch(() => setStatus(null));
      d.showModal();
    }
    if (!open && d.open) d.close();
  }, [open]);

  const min = status?.minLength ?? 6;
  const save = async () => {
    setError(null);
    if (code.length < min) return setError(t('session.offlineCode.tooShort', { count: min }));
    if (code !== again) return setError(t('session.offlineCode.mismatch'));
    try {
      await mss.invoke('auth.setOfflineCode', { code });
      setCode('');
      setAgain('');
      setDone(t('session.offlineCode.saved'));
      setStatus(await mss.invoke('auth.offlineCodeStatus'));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const remove = async () => {
    setError(null);
    try {
      await mss.invoke('auth.removeOfflineCode');
      setDone(t('session.offlineCode.removed'));
      setStatus(await mss.invoke('auth.offlineCodeStatus'));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="offline-code-title" onClose={onClose} data-testid="offline-code-dialog">
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
        noValidate
      >
        <h2 id="offline-code-title">{t('session.offlineCode.title')}</h2>
        <p>{t('session.offlineCode.intro')}</p>
        <p data-testid="offline-code-status">
          {status?.set && status.setAt ? t('session.offlineCode.isSet', { date: new Date(status.setAt).toLocaleString(i18n.language) }) : t('session.offlineCode.notSet')}
        </p>
        {status && !status.available && <p className="alert alert--warning">{t('session.offlineCode.unavailable')}</p>}
        <label className="field">
          <span className="field__label">{t('session.offlineCode.code', { count: min })}</span>
          <input type="password" autoComplete="new-password" value={code} maxLength={128} onChange={(e) => setCode(e.target.value)} data-testid="offline-code-new" />
        </label>
        <label className="field">
          <span className="field__label">{t('session.offlineCode.again')}</span>
          <input type="password" autoComplete="new-password" value={again} maxLength={128} onChange={(e) => setAgain(e.target.value)} data-testid="offline-code-again" />
        </label>
        {error && (
          <p className="alert alert--error" role="alert" data-testid="offline-code-error">
            {error}
          </p>
        )}
        {done && (
          <p className="alert alert--success" role="status" data-testid="offline-code-done">
            {done}
          </p>
        )}
        <div className="confirm-dialog__actions">
          {status?.set && (
            <button type="button" className="button" onClick={() => void remove()} data-testid="offline-code-remove">
              {t('session.offlineCode.remove')}
            </button>
          )}
          <button type="button" className="button" onClick={onClose}>
            {t('session.close')}
          </button>
          <button type="submit" className="button button--primary" disabled={!status?.available} data-testid="offline-code-save">
            {status?.set ? t('session.offlineCode.change') : t('session.offlineCode.set')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
