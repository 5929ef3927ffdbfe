import { useTranslation } from 'react-i18next';
import type { BalSummary, ConnectivityState, SessionInfo, Settings } from '../../../shared/types';
import { mss } from '../bridge';
import { formatTime } from '../features/mail/format';
import { KeyboardIcon, ShieldIcon } from './icons';
import { AuditIcon } from '../features/audit/AuditIcon'; // ---- Mailboxes & audit
import { NotificationsToggle } from '../features/notifications/NotificationsToggle';
import { SessionMenu } from '../features/session/SessionMenu';
import '../features/mailboxes/i18n';
import { formatIdNat } from '../../../shared/idnat';

interface Props {
  active: BalSummary | undefined;
  /** The unified view is on screen (how many BALs it mixes): the header says so instead of one BAL. */
  unifiedBals?: number | null;
  session: SessionInfo | null | undefined;
  connectivity: ConnectivityState | undefined;
  settings: Settings | undefined;
  onShowShortcuts: () => void;
  /** ---- Mailboxes & audit: opens the audit trail (only while a person is logged in). */
  onShowAudit?: () => void;
}

export function Header({ active, unifiedBals = null, session, connectivity, settings, onShowShortcuts, onShowAudit }: Props) {
  const { t, i18n } = useTranslation();
  const changeLanguage = async (lng: 'fr' | 'en') => {
    await mss.invoke('settings.update', { language: lng });
    await i18n.changeLanguage(lng);
  };
  // Nothing is known before an engine reports: "Connexion…", never "En ligne" by default.
  const connecting = !connectivity || connectivity.connecting === true;
  const offline = !connecting && !connectivity.online;
  const sessionOpen = Boolean(session && !session.locked);
  return (
    <header className="app-header" data-bal-type={unifiedBals !== null ? 'unified' : (active?.type ?? 'none')}>
      <div className="app-header__brand">
        <ShieldIcon />
        <span>{t('app.name')}</span>
      </div>
      <div className="app-header__active" aria-live="polite" data-testid="active-bal">
        <span className="app-header__label">{unifiedBals !== null ? t('mailboxes.unifiedList.header') : t('header.activeMailbox')}</span>
        {unifiedBals !== null ? (
          <span className="app-header__bal" data-testid="header-unified">
            <strong>{t('mailboxes.unifiedList.headerBals', { count: unifiedBals })}</strong>
          </span>
        ) : active ? (
          <span className="app-header__bal">
            <span className={`bal-badge bal-badge--${active.type}`}>{active.type}</span>
            <strong>{active.label}</strong>
            <span className="app-header__address">{active.address}</span>
          </span>
        ) : (
          <span className="app-header__bal app-header__bal--none">{t('header.noMailbox')}</span>
        )}
      </div>
      <div className="app-header__status">
        {sessionOpen && (
          <span className={`status-dot ${connecting ? 'status-dot--connecting' : offline ? 'status-dot--offline' : 'status-dot--online'}`} data-testid="connectivity" data-state={connecting ? 'connecting' : offline ? 'offline' : 'online'}>
            {connecting
              ? t('header.connecting')
              : offline
                ? t('header.offlineSince', { time: formatTime(connectivity.since, i18n.language) })
                : t('header.online')}
          </span>
        )}
        {session && !session.locked ? (
          <SessionMenu session={session} settings={settings} />
        ) : (
          <span className="app-header__person" data-testid="person" title={session ? formatIdNat(session.idNat) : undefined}>
            {session ? `${session.givenName} ${session.familyName}`.trim() || session.idNat : t('header.notLoggedIn')}
          </span>
        )}
        <label className="app-header__lang">
          <span className="visually-hidden">{t('header.language')}</span>
          <select
            data-testid="language"
            value={i18n.language}
            onChange={(e) => void changeLanguage(e.target.value === 'en' ? 'en' : 'fr')}
          >
            <option value="fr">Français</option>
            <option value="en">English</option>
          </select>
        </label>
        <NotificationsToggle settings={settings} />
        {onShowAudit && (
          <button type="button" className="icon-button" onClick={onShowAudit} title={t('audit.open')} aria-label={t('audit.open')} data-testid="open-audit">
            <AuditIcon />
          </button>
        )}
        <button type="button" className="icon-button" onClick={onShowShortcuts} title={t('header.shortcuts')} aria-label={t('header.shortcuts')}>
          <KeyboardIcon />
        </button>
      </div>
    </header>
  );
}
