// Offline opening with the local unlock code (docs/offline-unlock.md): the person picks her name among
// those who set a code on this workstation and types it. One attempt per click; main counts and limits them.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OfflinePersonView, SessionInfo } from '../../../../shared/types';
import { mss } from '../../bridge';
import { IdNatText } from './IdNatText';

export function OfflineLogin({ lockedBy = null }: { lockedBy?: SessionInfo | null }) {
  const { t, i18n } = useTranslation();
  const [people, setPeople] = useState<OfflinePersonView[] | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const codeRef = useRef<HTMLInputElement>(null);

  const load = () =>
    mss
      .invoke('auth.offlinePeople')
      .then((list) => {
        // A locked session: only its person may unlock it.
        const shown = lockedBy ? list.filter((p) => p.idNat === lockedBy.idNat) : list;
        setPeople(shown);
        setChosen((c) => (c && shown.some((p) => p.idNat === c) ? c : (shown[0]?.idNat ?? null)));
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  useEffect(() => {
    void load();
  }, [lockedBy?.idNat]);

  if (!people) return <p className="muted">…</p>;
  if (people.length === 0) {
    return (
      <div className="login-form" data-testid="offline-nobody">
        <p>{lockedBy ? t('login.offline.noneForLocked') : t('login.offline.none')}</p>
        <p className="muted">{t('login.offline.cardHint')}</p>
      </div>
    );
  }

  const submit = async () => {
    if (!chosen || !code) return;
    setBusy(true);
    setError(null);
    const typed = code;
    setCode('');
    try {
      await mss.invoke('auth.unlockOffline', { idNat: chosen, code: typed });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      await load(); // tries left and waiting time as main counts them
      codeRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };
  const person = people.find((p) => p.idNat === chosen);

  return (
    <form
      className="login-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      noValidate
      data-testid="offline-login"
    >
      <p className="muted">{t('login.offline.intro')}</p>
      <fieldset className="offline-people">
        <legend className="field__label">{t('login.offline.who')}</legend>
        {people.map((p) => (
          <label key={p.idNat} className="offline-person" data-testid={`offline-person-${p.idNat}`}>
            <input type="radio" name="offline-person" value={p.idNat} checked={chosen === p.idNat} onChange={() => setChosen(p.idNat)} />
            <span>
              <strong>
                {p.givenName} {p.familyName}
              </strong>
              {p.profession ? ` · ${p.profession}` : ''}
              <br />
              <span className="muted">
                <IdNatText idNat={p.idNat} /> · {t('login.offline.setAt', { date: new Date(p.setAt).toLocaleDateString(i18n.language) })}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      {error && (
        <div className="alert alert--error" role="alert" data-testid="offline-error">
          <p>{error}</p>
        </div>
      )}
      {person && person.retryAfter > 0 && !error && (
        <div className="alert alert--warning" role="status" data-testid="offline-wait">
          <p>{t('login.offline.wait', { time: new Date(person.retryAfter).toLocaleTimeString(i18n.language) })}</p>
        </div>
      )}
      <label className="field">
        <span className="field__label">{t('login.offline.code')}</span>
        <input ref={codeRef} type="password" autoComplete="off" value={code} maxLength={128} onChange={(e) => setCode(e.target.value)} data-testid="offline-code" autoFocus />
      </label>
      <button type="submit" className="button button--primary" disabled={busy || !code || !chosen} data-testid="offline-submit">
        {busy ? t('login.offline.checking') : t('login.offline.submit')}
      </button>
      <p className="muted">{t('login.offline.cardHint')}</p>
    </form>
  );
}
