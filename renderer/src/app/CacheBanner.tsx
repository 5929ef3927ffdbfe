// The encrypted cache could not open (no OS keychain): say so, and offer the explicit, less safe choice.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CacheStatus } from '../../../shared/types';
import { mss } from '../bridge';

export function CacheBanner() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<CacheStatus | null>(null);
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    void mss.invoke('cache.status').then(setStatus).catch(() => undefined);
  }, []);
  if (!status || status.open || !status.problem) return null;
  return (
    <div className="banner banner--error" role="alert" data-testid="cache-banner">
      <p>{status.problem.message}</p>
      {status.problem.code === 'keychain-unavailable' &&
        (confirming ? (
          <p>
            {t('cache.confirm')}{' '}
            <button type="button" className="button" onClick={() => void mss.invoke('cache.allowUnprotectedKey').then(setStatus)} data-testid="cache-accept">
              {t('cache.accept')}
            </button>{' '}
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              {t('cache.cancel')}
            </button>
          </p>
        ) : (
          <button type="button" className="button" onClick={() => setConfirming(true)}>
            {t('cache.choose')}
          </button>
        ))}
    </div>
  );
}
