// The person's menu in the header: "Verrouiller" (Ctrl+L), "Se déconnecter", and the inactivity delay
// before the session locks by itself (2 h at most, shorter if chosen). Each leaves a trace in main's audit.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo, Settings } from '../../../../shared/types';
import { formatIdNat } from '../../../../shared/idnat';
import { mss } from '../../bridge';
import { ContextMenu } from '../filing/ContextMenu';
import '../filing/filing.css';
import './i18n';
import { OfflineCodeDialog } from './OfflineCodeDialog';

export const AUTO_LOCK_CHOICES = [5, 10, 15, 30, 60, 120] as const;

export function delayLabel(t: (k: string, o: { count: number }) => string, minutes: number): string {
  return minutes >= 60 && minutes % 60 === 0 ? t('session.hours', { count: minutes / 60 }) : t('session.minutes', { count: minutes });
}

export const lockSession = () => mss.invoke('auth.lock', { reason: 'user' }).catch(() => undefined);

function AutoLockDialog({ open, current, onClose }: { open: boolean; current: number; onClose: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const [value, setValue] = useState(current);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      setValue(current);
      d.showModal();
    }
    if (!open && d.open) d.close();
  }, [open, current]);
  const choices = AUTO_LOCK_CHOICES.includes(current as (typeof AUTO_LOCK_CHOICES)[number]) ? AUTO_LOCK_CHOICES : [...AUTO_LOCK_CHOICES, current].sort((a, b) => a - b);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="autolock-title" onClose={onClose} data-testid="auto-lock-dialog">
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void mss.invoke('settings.update', { autoLockMinutes: value }).finally(onClose);
        }}
      >
        <h2 id="autolock-title">{t('session.autoLockTitle')}</h2>
        <p>{t('session.autoLockIntro')}</p>
        <label className="field">
          <span className="field__label">{t('session.autoLockLabel')}</span>
          <select value={value} onChange={(e) => setValue(Number(e.target.value))} data-testid="auto-lock-minutes">
            {choices.map((m) => (
              <option key={m} value={m}>
                {delayLabel(t, m)}
              </option>
            ))}
          </select>
        </label>
        <div className="confirm-dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            {t('session.cancel')}
          </button>
          <button type="submit" className="button button--primary" data-testid="auto-lock-save">
            {t('session.save')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

export function SessionMenu({ session, settings }: { session: SessionInfo; settings: Settings | undefined }) {
  const { t } = useTranslation();
  const button = useRef<HTMLButtonElement>(null);
  const [menuAt, setMenuAt] = useState<{ x: number; y: number } | null>(null);
  const [dialog, setDialog] = useState(false);
  const [codeDialog, setCodeDialog] = useState(false);
  const name = `${session.givenName} ${session.familyName}`.trim() || session.idNat;
  const open = () => {
    const r = button.current?.getBoundingClientRect();
    if (r) setMenuAt({ x: r.right - 240, y: r.bottom + 4 });
  };
  const close = useCallback(() => setMenuAt(null), []);
  return (
    <>
      <button
        ref={button}
        type="button"
        className="session-button"
        aria-haspopup="menu"
        aria-expanded={menuAt !== null}
        aria-label={t('session.menu', { name })}
        onClick={() => (menuAt ? close() : open())}
        data-testid="session-menu"
      >
        <span className="app-header__person" data-testid="person" title={formatIdNat(session.idNat)}>
          {name}
        </span>
        <span aria-hidden="true">▾</span>
      </button>
      {menuAt && (
        <ContextMenu
          x={menuAt.x}
          y={menuAt.y}
          label={t('session.menu', { name })}
          onClose={close}
          entries={[
            { key: 'lock', label: t('session.lock'), shortcut: 'Ctrl+L', run: () => void lockSession() },
            { key: 'logout', label: t('session.logout'), run: () => void mss.invoke('auth.logout').catch(() => undefined) },
            'separator',
            { key: 'auto-lock', label: t('session.autoLock'), run: () => setDialog(true) },
            // The local unlock code is set while PSC proved who she is (online session only).
            ...(session.offline ? [] : [{ key: 'offline-code', label: t('session.offlineCode.menu'), run: () => setCodeDialog(true) }]),
          ]}
        />
      )}
      <AutoLockDialog open={dialog} current={settings?.autoLockMinutes ?? 120} onClose={() => setDialog(false)} />
      <OfflineCodeDialog open={codeDialog} onClose={() => setCodeDialog(false)} />
    </>
  );
}
