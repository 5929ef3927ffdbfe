// The audit trail (functional traces) in a modal dialog: filters by BAL and dates, newest first, export
// as CSV. Native <dialog>: Escape closes, focus stays inside, every control is labelled and reachable
// with Tab; rows are focusable so a screen reader can walk them.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntryView, BalSummary } from '../../../../shared/types';
import { mss } from '../../bridge';
import { IdNatText } from '../login/IdNatText';
import { errorText } from '../mail/hooks';
import '../mailboxes/i18n';
import '../mailboxes/mailboxes.css';

interface Props {
  open: boolean;
  onClose: () => void;
  mailboxes: BalSummary[] | undefined;
}

/** "2026-11-22" (local day) → epoch ms at the start (or end) of that day. */
function dayBound(value: string, end: boolean): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  return end ? new Date(y, m - 1, d, 23, 59, 59, 999).getTime() : new Date(y, m - 1, d).getTime();
}

export function AuditDialog({ open, onClose, mailboxes }: Props) {
  const { t, i18n } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const [bal, setBal] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [entries, setEntries] = useState<AuditEntryView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);

  const query = useCallback(
    () => ({
      ...(bal ? { bal } : {}),
      ...(dayBound(from, false) !== undefined ? { from: dayBound(from, false) } : {}),
      ...(dayBound(to, true) !== undefined ? { to: dayBound(to, true) } : {}),
    }),
    [bal, from, to],
  );

  const load = useCallback(() => {
    setError(null);
    mss
      .invoke('audit.list', { ...query(), limit: 1000 })
      .then(setEntries)
      .catch((e: unknown) => setError(errorText(e)));
  }, [query]);

  useEffect(() => {
    if (open) load();
  }, [open, load]);

  const exportCsv = () => {
    setBusy(true);
    setStatus(null);
    setError(null);
    mss
      .invoke('audit.exportCsv', query())
      .then((r) => setStatus(r.savedTo ? t('audit.exported', { count: r.count, path: r.savedTo }) : t('audit.exportCancelled')))
      .catch((e: unknown) => setError(errorText(e)))
      .finally(() => setBusy(false));
  };

  const locale = i18n.language === 'en' ? 'en-GB' : 'fr-FR';
  const balLabel = (address: string) =>
    address === 'session' ? t('audit.session') : (mailboxes?.find((b) => b.address.toLowerCase() === address.toLowerCase())?.label ?? address);
  const actionLabel = (action: string) => t(`audit.actions.${action}`, { defaultValue: action });
  // Session rows name how it happened (a method code), mail rows a Message-ID.
  const targetLabel = (e: AuditEntryView) => (e.bal === 'session' && e.target ? t(`audit.methods.${e.target}`, { defaultValue: e.target }) : (e.target ?? ''));

  return (
    <dialog ref={ref} className="dialog audit-dialog" aria-labelledby="audit-title" aria-describedby="audit-intro" onClose={onClose} data-testid="audit-dialog">
      <h2 id="audit-title">{t('audit.title')}</h2>
      <p className="audit-dialog__intro" id="audit-intro">
        {t('audit.intro')}
      </p>
      <form
        className="audit-filters"
        onSubmit={(e) => {
          e.preventDefault();
          load();
        }}
      >
        <label>
          {t('audit.filterBal')}
          <select value={bal} onChange={(e) => setBal(e.target.value)} data-testid="audit-filter-bal">
            <option value="">{t('audit.allBals')}</option>
            {(mailboxes ?? []).map((b) => (
              <option key={b.address} value={b.address}>
                {b.type} · {b.label}
              </option>
            ))}
            <option value="session">{t('audit.sessions')}</option>
          </select>
        </label>
        <label>
          {t('audit.from')}
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="audit-filter-from" />
        </label>
        <label>
          {t('audit.to')}
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} data-testid="audit-filter-to" />
        </label>
        <button type="submit" className="button" data-testid="audit-refresh">
          {t('audit.refresh')}
        </button>
        <span className="audit-filters__spacer" />
        <button type="button" className="button button--primary" onClick={exportCsv} disabled={busy} data-testid="audit-export">
          {t('audit.export')}
        </button>
      </form>
      {error && (
        <p className="mail-inline-error" role="alert">
          {error}
        </p>
      )}
      <div className="audit-table-wrap">
        {!entries && !error && <p className="list-note">{t('audit.loading')}</p>}
        {entries && entries.length === 0 && <p className="list-note" data-testid="audit-empty">{t('audit.empty')}</p>}
        {entries && entries.length > 0 && (
          <table className="audit-table" data-testid="audit-table">
            <caption className="visually-hidden">{t('audit.count', { count: entries.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.cols.at')}</th>
                <th scope="col">{t('audit.cols.who')}</th>
                <th scope="col">{t('audit.cols.bal')}</th>
                <th scope="col">{t('audit.cols.action')}</th>
                <th scope="col">{t('audit.cols.target')}</th>
                <th scope="col">{t('audit.cols.folder')}</th>
                <th scope="col">{t('audit.cols.result')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} tabIndex={0} data-testid="audit-row" data-action={e.action}>
                  <td>{new Date(e.at).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'medium' })}</td>
                  <td>
                    {e.name ?? ''} <span className="bal-item__meta"><IdNatText idNat={e.idNat} /></span>
                  </td>
                  <td title={e.bal}>{balLabel(e.bal)}</td>
                  <td>{actionLabel(e.action)}</td>
                  <td className="audit-table__target">{targetLabel(e)}</td>
                  <td>{e.folder ?? ''}</td>
                  <td className={`audit-result--${e.result}`}>{t(`audit.results.${e.result}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div className="audit-dialog__footer">
        <span className="audit-dialog__status" role="status" data-testid="audit-status">
          {status ?? (entries ? t('audit.count', { count: entries.length }) : '')}
        </span>
        <button type="button" className="button" onClick={onClose} data-testid="audit-close">
          {t('audit.close')}
        </button>
      </div>
    </dialog>
  );
}
