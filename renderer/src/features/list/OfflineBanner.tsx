// Plain offline banner: the cached messages stay readable.
import { useTranslation } from 'react-i18next';
import { useLive } from '../../app/use-bridge';
import { formatTime } from '../mail/format';
import { CloudOffIcon } from '../mail/icons';

export function OfflineBanner() {
  const { t, i18n } = useTranslation();
  const { value } = useLive('connectivity.get', 'connectivity.changed');
  if (!value || value.online) return null;
  return (
    <div className="offline-banner" role="status" data-testid="offline-banner">
      <CloudOffIcon />
      <span>{t('mail.offline.banner', { time: formatTime(value.since, i18n.language) })}</span>
    </div>
  );
}
