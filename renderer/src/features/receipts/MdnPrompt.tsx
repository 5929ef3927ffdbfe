// Discreet bar when the sender asked for a read receipt that needs the person's decision (RFC 8098).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MdnRequest } from '../../../../shared/types';
import { mss } from '../../bridge';
import { errorText, useBridgeEvent } from '../mail/hooks';

export function MdnPrompt({ messageId }: { messageId: number }) {
  const { t } = useTranslation();
  const [req, setReq] = useState<MdnRequest | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    setReq(null);
    setError(null);
    setDone(null);
    mss.invoke('mdn.pending', messageId).then(
      (r) => alive && setReq(r && r.needsConfirmation ? r : null),
      () => {},
    );
    return () => {
      alive = false;
    };
  }, [messageId]);

  useBridgeEvent('mdn.requested', (r) => {
    if (r.messageId === messageId && r.needsConfirmation) setReq(r);
  });

  if (done) {
    return (
      <div className="mdn-bar mdn-bar--done" role="status" data-testid="mdn-done">
        {done}
      </div>
    );
  }
  if (!req) return null;
  const respond = async (send: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const r = await mss.invoke('mdn.respond', { messageId, send });
      setReq(null);
      setDone(send && r.sent ? t('compose.mdn.sent') : t('compose.mdn.ignored'));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="mdn-bar" role="region" aria-label={t('compose.mdn.label')} data-testid="mdn-prompt">
      <span className="mdn-bar__text">
        {t('compose.mdn.ask')} <span className="mdn-bar__to">{t('compose.mdn.to', { address: req.to })}</span>
      </span>
      <button type="button" className="button button--small" disabled={busy} onClick={() => void respond(true)} data-testid="mdn-send">
        {t('compose.mdn.send')}
      </button>
      <button type="button" className="button button--small" disabled={busy} onClick={() => void respond(false)} data-testid="mdn-ignore">
        {t('compose.mdn.ignore')}
      </button>
      {error && (
        <span className="mdn-bar__error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
