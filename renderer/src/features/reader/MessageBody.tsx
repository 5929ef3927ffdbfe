// The message body: sanitized HTML in <iframe sandbox=""> served by main (no scripts, opaque origin), remote
// images blocked behind a visible bar until the user asks (main fetches them, they come back as data
// URLs), inline cid: images from the attachments, or the plain text alternative.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageView } from '../../../../shared/types';
import { mss } from '../../bridge';
import { errorText } from '../mail/hooks';
import { ImageIcon } from '../mail/icons';
import { sanitizeMailHtml } from '../mail/sanitize';
import { cidKey, wrapForFrame } from '../mail/sanitize-policy';
import { Linkified } from './Linkified';
import { MessageFrame } from './MessageFrame';

/** An S/MIME encrypted message: no text, only its enveloped data (smime.p7m). Rows the parser has not
 *  seen (a large message listed from its structure) are judged by their .p7m part. */
function isEncrypted(view: MessageView): boolean {
  if (view.smime !== null) return view.smime === 'encrypted';
  return view.attachments.some((a) => a.mime === 'application/pkcs7-mime' || a.mime === 'application/x-pkcs7-mime');
}

const MAX_INLINE_IMAGES = 30;

interface Props {
  view: MessageView;
  mode: 'html' | 'text';
  /** Sanitized HTML for printing (reported up so the print view shows exactly what is on screen). */
  onSanitized?: (html: string | null) => void;
}

function useCidImages(view: MessageView): Record<string, string> {
  const [map, setMap] = useState<Record<string, string>>({});
  useEffect(() => {
    setMap({});
    if (!view.html || !/cid:/i.test(view.html)) return;
    let alive = true;
    const inline = view.attachments
      .filter((a) => a.contentId && a.mime.startsWith('image/'))
      .slice(0, MAX_INLINE_IMAGES);
    void Promise.all(
      inline.map((a) =>
        mss
          .invoke('attachments.preview', { messageId: view.id, attachmentId: a.id })
          .then((p) => [cidKey(`cid:${a.contentId}`), p.dataUrl] as const)
          .catch(() => null),
      ),
    ).then((pairs) => {
      if (!alive) return;
      const next: Record<string, string> = {};
      for (const p of pairs) if (p) next[p[0]] = p[1];
      setMap(next);
    });
    return () => {
      alive = false;
    };
  }, [view.id, view.html, view.attachments]);
  return map;
}

export function MessageBody({ view, mode, onSanitized }: Props) {
  const { t, i18n } = useTranslation();
  const [remote, setRemote] = useState<Record<string, string> | null>(null);
  const [remoteState, setRemoteState] = useState<'idle' | 'loading' | 'done' | 'error'>('idle');
  const [remoteError, setRemoteError] = useState<string | null>(null);
  const cid = useCidImages(view);

  useEffect(() => {
    setRemote(null);
    setRemoteState('idle');
    setRemoteError(null);
  }, [view.id]);

  const sanitized = useMemo(
    () => (view.html ? sanitizeMailHtml(view.html, { remote, cid }) : null),
    [view.html, remote, cid],
  );
  // The print view is part of the app's page: the same HTML without the message's CSS.
  useEffect(() => {
    if (!onSanitized) return;
    onSanitized(mode === 'html' && view.html ? sanitizeMailHtml(view.html, { remote, cid }, { css: false }).html : null);
  }, [view.html, remote, cid, mode, onSanitized]);

  const showRemote = async () => {
    setRemoteState('loading');
    setRemoteError(null);
    try {
      const map = await mss.invoke('messages.loadRemoteContent', view.id);
      setRemote(map);
      setRemoteState('done');
    } catch (e) {
      setRemoteError(errorText(e));
      setRemoteState('error');
    }
  };

  if (mode === 'text' || !sanitized) {
    return view.text ? (
      <pre className="reader-text" data-testid="reader-text" tabIndex={0}>
        <Linkified text={view.text} />
      </pre>
    ) : isEncrypted(view) ? (
      <p className="reader-note reader-note--encrypted" role="note" data-testid="reader-encrypted">{t('mail.reader.encrypted')}</p>
    ) : (
      <p className="reader-note">{t('mail.reader.noBody')}</p>
    );
  }

  const loaded = remote ? Object.keys(remote).length : 0;
  return (
    <>
      {(sanitized.blockedRemote > 0 || remoteState !== 'idle') && (
        <div className="remote-bar" role="status" data-testid="remote-images-bar">
          <ImageIcon />
          {remoteState === 'idle' && (
            <>
              <span>{t('mail.reader.remoteBlocked')}</span>
              <button type="button" className="button button--small" onClick={() => void showRemote()} data-testid="show-remote-images">
                {t('mail.reader.remoteShow')}
              </button>
            </>
          )}
          {remoteState === 'loading' && <span>{t('mail.reader.remoteLoading')}</span>}
          {remoteState === 'done' && (
            <span>{loaded > 0 ? t('mail.reader.remoteLoaded', { count: loaded }) : t('mail.reader.remoteNone')}</span>
          )}
          {remoteState === 'error' && <span role="alert">{remoteError}</span>}
        </div>
      )}
      {sanitized.links.length > 0 && (
        <details className="reader-links" data-testid="reader-links">
          <summary>{t('mail.reader.links', { count: sanitized.links.length })}</summary>
          <ul>
            {sanitized.links.map((l) => (
              <li key={l.href}>
                <button type="button" className="link-button" onClick={() => void mss.invoke('shell.openExternal', l.href)} title={t('mail.reader.openLink', { url: l.href })}>
                  {l.text && l.text !== l.href ? <span className="reader-links__text">{l.text}</span> : null}
                  <span className="reader-links__url">{l.href}</span>
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}
      <MessageFrame
        className="reader-frame"
        title={t('mail.reader.frameTitle')}
        doc={wrapForFrame(sanitized.html, i18n.language)}
        testId="reader-frame"
      />
    </>
  );
}
