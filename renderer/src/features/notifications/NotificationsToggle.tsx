// The bell in the header: turns new-mail notifications on or off (asks the system's permission the first
// time, from the click). A refusal by the system is said in French, with what to do.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../../shared/types';
import { mss } from '../../bridge';
import { BellIcon } from '../../app/icons';
import { notificationsSupported } from './use-new-mail-notifications';

export function NotificationsToggle({ settings }: { settings: Settings | undefined }) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<string | null>(null);
  if (!settings || !notificationsSupported()) return null;
  const on = settings.notifications;
  const toggle = async () => {
    setProblem(null);
    if (!on && window.Notification.permission !== 'granted') {
      const answer = await window.Notification.requestPermission();
      if (answer !== 'granted') {
        setProblem(t('notifications.blocked'));
        return;
      }
    }
    await mss.invoke('settings.update', { notifications: !on });
  };
  return (
    <span className="app-header__notify">
      <button
        type="button"
        className={`icon-button ${on ? 'icon-button--on' : ''}`}
        aria-pressed={on}
        aria-label={on ? t('notifications.turnOff') : t('notifications.turnOn')}
        title={on ? t('notifications.turnOff') : t('notifications.turnOn')}
        onClick={() => void toggle()}
        data-testid="notifications-toggle"
      >
        <BellIcon />
      </button>
      {problem && (
        <span role="alert" className="app-header__notify-problem" data-testid="notifications-problem">
          {problem}
        </span>
      )}
    </span>
  );
}
