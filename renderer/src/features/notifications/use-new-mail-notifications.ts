// Desktop notification when new mail arrives while the window is not looked at, once the person turned
// them on (bell in the header). Health data: the notification says how many messages and in which BAL,
// never the sender or the subject (it can show on a locked screen or to someone passing by).
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../../shared/types';
import { mss } from '../../bridge';
import { useBridgeEvent } from '../mail/hooks';

export function notificationsSupported(): boolean {
  return typeof window.Notification === 'function';
}

export function useNewMailNotifications(settings: Settings | undefined): void {
  const { t } = useTranslation();
  const enabled = useRef(false);
  useEffect(() => {
    enabled.current = Boolean(settings?.notifications);
  }, [settings?.notifications]);

  useBridgeEvent('mail.new', (p) => {
    if (!enabled.current || p.count <= 0 || !notificationsSupported() || window.Notification.permission !== 'granted') return;
    if (!document.hidden && document.hasFocus()) return;
    void mss
      .invoke('mailboxes.list')
      .catch(() => [])
      .then((bals) => {
        const bal = bals.find((b) => b.address.toLowerCase() === p.bal.toLowerCase());
        const n = new window.Notification(t('notifications.title', { count: p.count }), {
          body: t('notifications.body', { bal: bal?.label ?? p.bal }),
          tag: `mss-new-mail-${p.bal.toLowerCase()}`,
        });
        n.onclick = () => {
          window.focus();
          void mss.invoke('mailboxes.setActive', p.bal).catch(() => undefined);
          n.close();
        };
      });
  });
}
