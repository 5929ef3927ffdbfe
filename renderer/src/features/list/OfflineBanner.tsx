// Offline banner: the cached messages stay readable; the operator's connection cap is explained.
import { useTranslation } from 'react-i18next';
import { useLive } from '../../app/use-bridge';
import { formatTime } from '../mail/format';
import { CloudOffIcon } from '../mail/icons';
import { offlineMessage } from './offline-message';

export function OfflineBanner() {
  const { t, i18n } = useTranslation();
  const { value } = useLive('connectivity.get', 'connectivity.changed');
  if (!value || value.online || value.connecting) return null;
  const message = offlineMessage(value);
  return (
    <div className="offline-banner" role="status" data-testid="offline-banner" data-reason={value.reason ?? ''}>
      <CloudOffIcon />
      <span>{t(message.key, { ...message.params, time: formatTime(value.since, i18n.language) })}</span>
      {value.operatorSupport && (
        <span className="offline-banner__support" data-testid="offline-support">
          {t('mail.offline.support', { operator: value.operatorSupport.operator ? ` (${value.operatorSupport.operator})` : '', contact: value.operatorSupport.contact })}
        </span>
      )}
    </div>
  );
}
