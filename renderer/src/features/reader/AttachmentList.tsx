// Attachments with size, open/save, and inline preview for images and PDF (drawn by pdf.js in canvases,
// the PDF's scripts never run: features/pdf).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttachmentView, MessageView } from '../../../../shared/types';
import { mss } from '../../bridge';
import { formatSize } from '../mail/format';
import { errorText } from '../mail/hooks';
import { FileIcon, ImageIcon } from '../mail/icons';
import { PdfPreview } from '../pdf/PdfPreview';
import { dataUrlBytes } from '../pdf/pdf-render';

const PREVIEWABLE = /^(image\/(png|jpe?g|gif|webp|bmp)|application\/pdf)$/;

type Preview = { attachment: AttachmentView } & ({ kind: 'image'; url: string } | { kind: 'pdf'; bytes: Uint8Array });

export function AttachmentList({ view }: { view: MessageView }) {
  const { t, i18n } = useTranslation();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const [note, setNote] = useState<{ text: string; error: boolean } | null>(null);
  // "Open" on a type that can run code asks first and explains why.
  const [askRisky, setAskRisky] = useState<AttachmentView | null>(null);
  // Images the HTML shows through cid: are part of the body, not listed (unless the text version is all there is).
  const html = view.html?.toLowerCase() ?? '';
  const list = view.attachments.filter((a) => !(a.contentId && html.includes(`cid:${a.contentId.toLowerCase()}`)));

  useEffect(() => {
    setPreview(null);
    setNote(null);
    setAskRisky(null);
  }, [view.id]);

  if (list.length === 0) return null;

  const act = async (a: AttachmentView, kind: 'open' | 'save' | 'preview', confirmRisky = false) => {
    if (kind === 'open' && a.risky && !confirmRisky) {
      setAskRisky(a);
      return;
    }
    setAskRisky(null);
    setBusy(a.id);
    setNote(null);
    try {
      const ids = { messageId: view.id, attachmentId: a.id };
      if (kind === 'preview') {
        if (preview?.attachment.id === a.id) {
          setPreview(null);
        } else {
          const p = await mss.invoke('attachments.preview', ids);
          setPreview(p.mime === 'application/pdf' ? { attachment: a, kind: 'pdf', bytes: dataUrlBytes(p.dataUrl) } : { attachment: a, kind: 'image', url: p.dataUrl });
        }
      } else if (kind === 'save') {
        const r = await mss.invoke('attachments.save', ids);
        setNote({ text: r.savedTo ? t('mail.reader.savedTo', { path: r.savedTo }) : t('mail.reader.saveCancelled'), error: false });
      } else {
        const r = await mss.invoke('attachments.open', confirmRisky ? { ...ids, confirmRisky } : ids);
        if (!r.opened) setNote({ text: t('mail.reader.openFailed'), error: true });
      }
    } catch (e) {
      setNote({ text: errorText(e), error: true });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="attachments" aria-label={t('mail.reader.attachments', { count: list.length })} data-testid="attachments">
      <h3 className="attachments__title">{t('mail.reader.attachments', { count: list.length })}</h3>
      <ul className="attachments__list">
        {list.map((a) => {
          const canPreview = PREVIEWABLE.test(a.mime);
          return (
            <li key={a.id} className="attachment" data-testid="attachment">
              <span className="attachment__icon" aria-hidden="true">
                {a.mime.startsWith('image/') ? <ImageIcon /> : <FileIcon />}
              </span>
              <span className="attachment__text">
                <span className="attachment__name" title={a.filename}>
                  {a.filename}
                </span>
                <span className="attachment__size">{formatSize(a.size, i18n.language)}</span>
                {a.risky && <span className="attachment__risky" data-testid="attachment-risky">{t('mail.reader.riskyBadge')}</span>}
                {a.damaged && (
                  <span className="attachment__damaged" title={t('mail.reader.damagedExplain')} data-testid="attachment-damaged">
                    {t('mail.reader.damagedBadge')}
                  </span>
                )}
              </span>
              <span className="attachment__actions">
                {canPreview && (
                  <button
                    type="button"
                    className="button button--small"
                    aria-pressed={preview?.attachment.id === a.id}
                    disabled={busy === a.id}
                    onClick={() => void act(a, 'preview')}
                    aria-label={`${t('mail.reader.preview')} ${a.filename}`}
                    data-testid="attachment-preview"
                  >
                    {t('mail.reader.preview')}
                  </button>
                )}
                <button type="button" className="button button--small" disabled={busy === a.id} onClick={() => void act(a, 'open')} aria-label={`${t('mail.reader.open')} ${a.filename}`} data-testid="attachment-open">
                  {t('mail.reader.open')}
                </button>
                <button
                  type="button"
                  className="button button--small"
                  disabled={busy === a.id}
                  onClick={() => void act(a, 'save')}
                  aria-label={`${t('mail.reader.save')} ${a.filename}`}
                  data-testid="attachment-save"
                >
                  {t('mail.reader.save')}
                </button>
              </span>
            </li>
          );
        })}
      </ul>
      {askRisky && (
        <div className="attachment-risky" role="alertdialog" aria-labelledby="attachment-risky-title" aria-describedby="attachment-risky-text" data-testid="attachment-risky-confirm">
          <p id="attachment-risky-title"><strong>{t('mail.reader.riskyTitle', { name: askRisky.filename })}</strong></p>
          <p id="attachment-risky-text">{t('mail.reader.riskyExplain')}</p>
          <div className="attachment-risky__actions">
            <button type="button" className="button button--primary button--small" autoFocus onClick={() => void act(askRisky, 'save')} data-testid="attachment-risky-save">
              {t('mail.reader.riskySave')}
            </button>
            <button type="button" className="button button--small" onClick={() => void act(askRisky, 'open', true)} data-testid="attachment-risky-open">
              {t('mail.reader.riskyOpen')}
            </button>
            <button type="button" className="button button--small" onClick={() => setAskRisky(null)}>
              {t('mail.reader.riskyCancel')}
            </button>
          </div>
        </div>
      )}
      {note && (
        <p className={note.error ? 'mail-inline-error' : 'attachments__note'} role={note.error ? 'alert' : 'status'} data-testid="attachment-note">
          {note.text}
        </p>
      )}
      {preview && (
        <figure className="attachment-preview" data-testid="attachment-preview-box">
          <figcaption>
            <span>{t('mail.reader.previewTitle', { name: preview.attachment.filename })}</span>
            <button type="button" className="button button--small" onClick={() => setPreview(null)}>
              {t('mail.reader.closePreview')}
            </button>
          </figcaption>
          {preview.kind === 'pdf' ? (
            <PdfPreview className="attachment-preview__pdf" bytes={preview.bytes} title={t('mail.reader.previewTitle', { name: preview.attachment.filename })} />
          ) : (
            <img className="attachment-preview__img" src={preview.url} alt={preview.attachment.filename} />
          )}
        </figure>
      )}
    </section>
  );
}
