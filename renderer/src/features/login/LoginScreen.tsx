import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../../shared/types';
import { ShieldIcon } from '../../app/icons';
import { mss } from '../../bridge';
import { CardLogin } from './CardLogin';
import { CibaLogin } from './CibaLogin';
import { OfflineLogin } from './OfflineLogin';
import '../../styles/login.css';

type Tab = 'card' | 'mobile' | 'offline';

export function LoginScreen({ locked, session = null }: { locked: boolean; session?: SessionInfo | null }) {
  const { t } = useTranslation();
  // A locked e-CPS session is unlocked from the phone, a card session with the card.
  const [tab, setTab] = useState<Tab>(locked && session?.method === 'LOCAL' ? 'offline' : locked && session?.method === 'MOBILE' ? 'mobile' : 'card');
  const lockedWhy = session?.lockReason === 'idle' ? 'idle' : session?.lockReason === 'user' ? 'user' : 'card';
  const unlockHow = session?.method === 'LOCAL' ? 'local' : session?.method === 'CARD' || session?.offline ? 'card' : 'psc';
  const [browserError, setBrowserError] = useState<string | null>(null);
  const tabs: Tab[] = ['card', 'mobile', 'offline'];
  return (
    <main className="login" data-testid="login-screen">
      <div className="login__panel">
        <div className="login__brand">
          <ShieldIcon />
          <h1>{locked ? t('login.locked.title') : t('login.title')}</h1>
        </div>
        {locked ? (
          <p className="login__intro" data-testid="lock-reason">
            {lockedWhy === 'card' ? t('login.locked.body') : `${t(`login.locked.${lockedWhy}`)} ${t(`login.locked.how.${unlockHow}`, { name: session ? `${session.givenName} ${session.familyName}` : '' })}`}
          </p>
        ) : (
          <p className="login__intro">{t('login.intro')}</p>
        )}
        <div role="tablist" aria-label={t('login.title')} className="tabs">
          {tabs.map((k) => (
            <button
              key={k}
              role="tab"
              type="button"
              id={`tab-${k}`}
              aria-selected={tab === k}
              aria-controls={`panel-${k}`}
              tabIndex={tab === k ? 0 : -1}
              className={`tab ${tab === k ? 'tab--active' : ''}`}
              onClick={() => setTab(k)}
              onKeyDown={(e) => {
                if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                  const step = e.key === 'ArrowRight' ? 1 : tabs.length - 1;
                  const next = tabs[(tabs.indexOf(k) + step) % tabs.length]!;
                  setTab(next);
                  document.getElementById(`tab-${next}`)?.focus();
                }
              }}
              data-testid={`login-tab-${k}`}
            >
              {t(`login.tabs.${k}`)}
            </button>
          ))}
        </div>
        <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="login__tabpanel">
          {tab === 'card' ? <CardLogin /> : tab === 'mobile' ? <CibaLogin channel="MOBILE" onPscDown={() => setTab('offline')} /> : <OfflineLogin lockedBy={locked ? session : null} />}
        </div>
        <div className="login__alt">
          <button
            type="button"
            className="link-button"
            onClick={() =>
              void mss
                .invoke('auth.startBrowserLogin')
                .then(({ url, openedByApp }) => {
                  if (!openedByApp) window.open(url, 'psc-login', 'popup,width=520,height=720');
                })
                .catch((e: unknown) => setBrowserError(e instanceof Error ? e.message : String(e)))
            }
          >
            {t('login.browser')}
          </button>
          {browserError && <p className="field__error">{browserError}</p>}
          {locked && (
            <button type="button" className="link-button" onClick={() => void mss.invoke('auth.logout').catch(() => undefined)} data-testid="locked-logout">
              {t('login.locked.logout')}
            </button>
          )}
        </div>
      </div>
    </main>
  );
}
