import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IDNAT_MAX_LENGTH, isIdNat } from '../../../../shared/idnat';
import type { CibaProgress, CibaStart } from '../../../../shared/types';
import { useEvent } from '../../app/use-bridge';
import { mss } from '../../bridge';


/** PSC unreachable (no network): the login screen offers the offline opening instead. */
const PSC_DOWN = new Set(['auth.network', 'auth.discovery-failed']);

export function CibaLogin({ channel, onPscDown }: { channel: 'CARD' | 'MOBILE'; onPscDown?: () => void }) {
  const { t } = useTranslation();
  const [idNat, setIdNat] = useState('');
  const [remember, setRemember] = useState(true);
  const [touched, setTouched] = useState(false);
  const [request, setRequest] = useState<CibaStart | null>(null);
  const [progress, setProgress] = useState<CibaProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pscDown, setPscDown] = useState(false);

  useEffect(() => {
    void mss.invoke('auth.rememberedIdNat').then((v) => v && setIdNat(v)).catch(() => undefined);
  }, []);

  useEvent('auth.cibaProgress', (p) => {
    if (request && p.requestId === request.requestId) setProgress(p);
  });

  const start = async () => {
    setTouched(true);
    if (!isIdNat(idNat)) return;
    setError(null);
    setPscDown(false);
    setProgress(null);
    try {
      setRequest(await mss.invoke('auth.startCiba', { idNat, channel, remember }));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setPscDown(PSC_DOWN.has(String((e as { code?: unknown } | null)?.code)));
    }
  };

  const finished = progress && progress.state !== 'pending';
  if (request && !finished) {
    const left = progress?.secondsLeft ?? Math.max(0, Math.round((request.expiresAt - Date.now()) / 1000));
    return (
      <div className="ciba" data-testid="ciba-pending">
        <h3>{t('login.ciba.title')}</h3>
        <p>{t('login.ciba.codeLabel')}</p>
        <p className="ciba__code" data-testid="ciba-code" aria-live="polite">
          {request.bindingMessage}
        </p>
        <p className="ciba__waiting">{t('login.ciba.waiting')}</p>
        <p className="ciba__countdown" data-testid="ciba-countdown">
          {t('login.ciba.secondsLeft', { count: left })}
        </p>
        <button type="button" className="button" onClick={() => void mss.invoke('auth.cancelCiba', request.requestId)}>
          {t('login.ciba.cancel')}
        </button>
      </div>
    );
  }

  const outcome =
    progress?.state === 'denied' ? t('login.ciba.denied')
    : progress?.state === 'expired' ? t('login.ciba.expired')
    : progress?.state === 'cancelled' ? t('login.ciba.cancelled')
    : progress?.state === 'error' ? (progress.message ?? '')
    : null;

  return (
    <form
      className="login-form"
      onSubmit={(e) => {
        e.preventDefault();
        void start();
      }}
      noValidate
    >
      {outcome && (
        <div className={`alert ${progress?.state === 'cancelled' ? 'alert--warning' : 'alert--error'}`} role="alert" data-testid="ciba-outcome">
          <p>{outcome}</p>
        </div>
      )}
      {error && (
        <div className="alert alert--error" role="alert" data-testid="login-error">
          <p>{error}</p>
          {pscDown && onPscDown && (
            <p>
              {t('login.offline.pscDown')}{' '}
              <button type="button" className="button" onClick={onPscDown} data-testid="login-open-offline">
                {t('login.offline.openOffline')}
              </button>
            </p>
          )}
        </div>
      )}
      <label className="field">
        <span className="field__label">{t('login.mobile.idNat')}</span>
        <input
          autoComplete="username"
          spellCheck={false}
          value={idNat}
          // Structure forms carry letters and "/" (500000001815646/CPAT00045): only spaces are dropped.
          onChange={(e) => setIdNat(e.target.value.replace(/\s/g, '').slice(0, IDNAT_MAX_LENGTH))}
          aria-invalid={touched && !isIdNat(idNat)}
          data-testid="login-idnat"
        />
        {touched && !isIdNat(idNat) && (
          <span className="field__error" role="alert">
            {t('login.mobile.idNatInvalid')}
          </span>
        )}
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
        <span>{t('login.mobile.remember')}</span>
      </label>
      <button type="submit" className="button button--primary" data-testid="login-ciba-submit">
        {outcome ? t('login.ciba.retry') : t('login.mobile.submit')}
      </button>
    </form>
  );
}
