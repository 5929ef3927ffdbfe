// BALs the operator refused at login, said plainly: no right on the BAL, or its terms of use to accept
// first (link opened in the system browser by main, then "check again").
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLive } from '../../app/use-bridge';
import { mss } from '../../bridge';
import { errorText, useBridgeEvent } from '../mail/hooks';

export function RefusedBals() {
  const { t } = useTranslation();
  const refused = useLive('mailboxes.refused', 'mailboxes.refusedChanged');
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useBridgeEvent('mailboxes.refusedChanged', () => setChecking(false));
  const items = refused.value ?? [];
  if (items.length === 0) return null;

  const openCgu = (url: string) => {
    setError(null);
    mss.invoke('shell.openExternal', url).catch((e: unknown) => setError(t('mailboxes.refused.openFailed', { message: errorText(e) })));
  };
  const recheck = () => {
    setError(null);
    setChecking(true);
    mss
      .invoke('mailboxes.recheck')
      .then((r) => {
        if (!r.started) setChecking(false);
      })
      .catch((e: unknown) => {
        setChecking(false);
        setError(errorText(e));
      });
  };

  return (
    <section className="refused" aria-labelledby="refused-title" data-testid="refused-bals">
      <h2 className="pane__title" id="refused-title">
        {t('mailboxes.refused.title')}
      </h2>
      <ul className="refused__list" role="list">
        {items.map((r) => (
          <li key={r.address} className="refused__item" data-testid={`refused-${r.address}`} data-reason={r.reason}>
            <div className="refused__head">
              <span className={`bal-badge bal-badge--${r.type} bal-badge--muted`}>{r.type}</span>
              <span className="refused__label" title={r.address}>
                {r.label !== r.address ? r.label : r.address}
              </span>
            </div>
            {r.label !== r.address && <div className="refused__address">{r.address}</div>}
            <p className="refused__reason" role="note">
              {r.reason === 'cgu-required' ? t('mailboxes.refused.cgu') : t('mailboxes.refused.noRights')}
            </p>
            {r.reason === 'cgu-required' ? (
              r.cguUrl ? (
                <button type="button" className="refused__link" onClick={() => openCgu(r.cguUrl!)} data-testid="refused-cgu-open">
                  {t('mailboxes.refused.cguOpen')}
                </button>
              ) : (
                <p className="refused__help">{t('mailboxes.refused.cguNoLink')}</p>
              )
            ) : (
              <p className="refused__help">{t('mailboxes.refused.noRightsHelp')}</p>
            )}
          </li>
        ))}
      </ul>
      <button type="button" className="button refused__recheck" onClick={recheck} disabled={checking} data-testid="refused-recheck">
        {checking ? t('mailboxes.refused.rechecking') : t('mailboxes.refused.recheck')}
      </button>
      {error && (
        <p className="mail-inline-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
