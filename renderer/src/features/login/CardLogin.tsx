import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CardState } from '../../../../shared/types';
import { useEvent } from '../../app/use-bridge';
import { mss } from '../../bridge';
import { IdNatText } from './IdNatText';

/** A wrong PIN: the tries left are said once, by the card's state below the identity, not in the error too. */
function loginErrorText(e: unknown, wrongPin: string): string {
  if (e && typeof e === 'object' && (e as { code?: unknown }).code === 'card.wrong-pin') return wrongPin;
  return e instanceof Error ? e.message : String(e);
}

export function CardLogin() {
  const { t, i18n } = useTranslation();
  const [state, setState] = useState<CardState | null>(null);
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pinRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void mss.invoke('auth.cardState').then(setState).catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);
  useEvent('card.changed', (s) => {
    setState(s);
    setPin('');
  });

  if (!state) return <p className="muted">…</p>;
  if (!state.moduleLoaded) {
    return (
      <div className="alert alert--warning" role="status" data-testid="card-unavailable">
        <p>
          <strong>{t('login.card.noModule')}</strong>
        </p>
        <p>{state.moduleMessage}</p>
      </div>
    );
  }
  if (state.readers.length === 0) return <p data-testid="card-no-reader">{t('login.card.noReader')}</p>;
  if (!state.card) return <p data-testid="card-insert">{t('login.card.insert')}</p>;

  const { card, pin: pinState } = state;
  const submit = async () => {
    if (!pinState?.pinPad && !/^[0-9]{4}$/.test(pin)) {
      setError(t('login.card.pinInvalid'));
      return;
    }
    setBusy(true);
    setError(null);
    const value = pinState?.pinPad ? null : pin;
    setPin('');
    try {
      await mss.invoke('auth.loginWithCard', value);
    } catch (e) {
      setError(loginErrorText(e, t('login.card.wrongPin')));
      pinRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="login-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      noValidate
    >
      <div className="card-identity" data-testid="card-identity">
        <span className="card-identity__label">{t('login.card.holder')}</span>
        <strong>
          {card.givenName} {card.familyName}
        </strong>
        <span>{card.profession}</span>
        <span className="muted">
          <IdNatText idNat={card.idNat} /> · {t('login.card.validUntil', { date: new Date(card.expiresAt).toLocaleDateString(i18n.language) })}
        </span>
      </div>
      {pinState?.locked ? (
        <div className="alert alert--error" role="alert" data-testid="card-locked">
          <p>{t('login.card.locked')}</p>
        </div>
      ) : (
        <>
          {pinState?.finalTry && (
            <div className="alert alert--error" role="alert" data-testid="card-final-try">
              <p>{t('login.card.finalTry')}</p>
            </div>
          )}
          {!pinState?.finalTry && pinState?.countLow && (
            <div className="alert alert--warning" role="alert" data-testid="card-count-low">
              <p>{t('login.card.countLow')}</p>
            </div>
          )}
          {error && (
            <div className="alert alert--error" role="alert" data-testid="login-error">
              <p>{error}</p>
            </div>
          )}
          {pinState?.pinPad ? (
            <p>{t('login.card.pinPad')}</p>
          ) : (
            <label className="field">
              <span className="field__label">{t('login.card.pin')}</span>
              <input
                ref={pinRef}
                type="password"
                inputMode="numeric"
                autoComplete="off"
                maxLength={4}
                value={pin}
                onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 4))}
                className="pin-input"
                data-testid="card-pin"
                autoFocus
              />
            </label>
          )}
          <button type="submit" className="button button--primary" disabled={busy} data-testid="card-submit">
            {busy ? t('login.working') : t('login.card.submit')}
          </button>
        </>
      )}
    </form>
  );
}
