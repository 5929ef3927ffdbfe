// IHE XDM package of a message (IHE_XDM.zip): patient card (name, birth date, INS and whether it is
// qualified), documents (title, type, author, date), warnings, and the chosen document opened below:
// the PDF drawn by pdf.js in canvases (its scripts never run: features/pdf), the CDA rendering sanitized (DOMPurify) in a sandboxed frame.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttachmentView, MessageView, XdmView } from '../../../../shared/types';
import { mss } from '../../bridge';
import { dataUrlText } from '../compose/files';
import { isXdmPackageName } from '../compose/size';
import { errorText } from '../mail/hooks';
import { ShieldDocIcon } from '../mail/icons';
import { wrapForFrame } from '../mail/sanitize-policy';
import { MessageFrame } from '../reader/MessageFrame';
import { sanitizeMailHtml } from '../mail/sanitize';
import { PdfPreview } from '../pdf/PdfPreview';
import { dataUrlBytes } from '../pdf/pdf-render';
import { formatXdmDate } from './format';

type Doc = XdmView['documents'][number];
type Opened =
  | { doc: Doc; kind: 'pdf'; bytes: Uint8Array }
  | { doc: Doc; kind: 'html'; html: string }
  | { doc: Doc; kind: 'text'; text: string };

export function XdmPanel({ view }: { view: MessageView }) {
  const att = view.attachments.find((a) => isXdmPackageName(a.filename));
  if (!att) return null;
  return <XdmPackage key={`${view.id}-${att.id}`} messageId={view.id} attachment={att} />;
}

function XdmPackage({ messageId, attachment }: { messageId: number; attachment: AttachmentView }) {
  const { t, i18n } = useTranslation();
  const [xdm, setXdm] = useState<XdmView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [opened, setOpened] = useState<Opened | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [openError, setOpenError] = useState<string | null>(null);
  /** Documents whose CDA rendering main could not give separately from their PDF. */
  const [noCda, setNoCda] = useState<Set<string>>(new Set());

  useEffect(() => {
    let alive = true;
    mss.invoke('xdm.inspect', { messageId, attachmentId: attachment.id }).then(
      (x) => alive && setXdm(x),
      (e: unknown) => alive && setError(errorText(e)),
    );
    return () => {
      alive = false;
    };
  }, [messageId, attachment.id]);

  // `<id>` gives the PDF when the package has one (else the CDA rendering); `<id>#cda` asks for the CDA
  // rendering even when a PDF exists.
  const openDoc = async (doc: Doc, documentId: string) => {
    setBusy(documentId);
    setOpenError(null);
    const cdaOnly = documentId.endsWith('#cda');
    try {
      const r = await mss.invoke('xdm.document', { messageId, attachmentId: attachment.id, documentId });
      if (r.mime === 'application/pdf') setOpened({ doc, kind: 'pdf', bytes: dataUrlBytes(r.dataUrl) });
      else if (r.mime === 'text/html' || r.mime === 'application/xhtml+xml') {
        setOpened({ doc, kind: 'html', html: sanitizeMailHtml(dataUrlText(r.dataUrl), { remote: null, cid: {} }).html });
      } else setOpened({ doc, kind: 'text', text: dataUrlText(r.dataUrl) });
    } catch (e) {
      if (cdaOnly) setNoCda((prev) => new Set(prev).add(doc.id));
      else setOpenError(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  if (error) {
    return (
      <section className="xdm" data-testid="xdm-panel">
        <p className="mail-inline-error" role="alert">
          {t('compose.xdm.failed', { message: error })}
        </p>
      </section>
    );
  }
  if (!xdm) {
    return (
      <section className="xdm" data-testid="xdm-panel">
        <p className="xdm__note" role="status">
          {t('compose.xdm.loading')}
        </p>
      </section>
    );
  }
  const p = xdm.patient;
  return (
    <section className="xdm" aria-labelledby="xdm-title" data-testid="xdm-panel">
      <h3 id="xdm-title" className="xdm__title">
        <ShieldDocIcon />
        {t('compose.xdm.title')}
      </h3>
      <div className="xdm__card" data-testid="xdm-patient">
        <dl className="xdm__patient">
          <dt>{t('compose.xdm.patient')}</dt>
          <dd className="xdm__name">{p.name ?? t('compose.xdm.unknown')}</dd>
          <dt>{t('compose.xdm.birthDate')}</dt>
          <dd>{p.birthDate ? formatXdmDate(p.birthDate, i18n.language) : t('compose.xdm.unknown')}</dd>
          <dt>{t('compose.xdm.ins')}</dt>
          <dd>
            {p.ins ?? t('compose.xdm.unknown')}{' '}
            {p.ins && (
              <span className={`ins-badge ${p.insQualified ? 'ins-badge--ok' : 'ins-badge--no'}`} data-testid="xdm-ins-status">
                {p.insQualified ? t('compose.xdm.insQualified') : t('compose.xdm.insNotQualified')}
              </span>
            )}
          </dd>
        </dl>
      </div>
      {xdm.warnings.length > 0 && (
        <ul className="xdm__warnings" role="note" data-testid="xdm-warnings">
          {xdm.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <table className="xdm__docs" data-testid="xdm-documents">
        <caption className="visually-hidden">{t('compose.xdm.documents')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('compose.xdm.docTitle')}</th>
            <th scope="col">{t('compose.xdm.docType')}</th>
            <th scope="col">{t('compose.xdm.docAuthor')}</th>
            <th scope="col">{t('compose.xdm.docDate')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('compose.xdm.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {xdm.documents.map((d) => (
            <tr key={d.id} data-testid="xdm-document">
              <td className="xdm__doc-title">{d.title}</td>
              <td>
                {d.typeLabel ?? '—'}
                {d.typeCode && <span className="xdm__code"> ({d.typeCode})</span>}
              </td>
              <td>{d.author ?? '—'}</td>
              <td>{d.date ? formatXdmDate(d.date, i18n.language) : '—'}</td>
              <td className="xdm__actions">
                {d.hasPdf && (
                  <button type="button" className="button button--small" disabled={busy !== null} onClick={() => void openDoc(d, d.id)} data-testid="xdm-open-pdf">
                    {t('compose.xdm.openPdf')}
                  </button>
                )}
                {noCda.has(d.id) ? (
                  <span className="xdm__note">{t('compose.xdm.cdaUnavailable')}</span>
                ) : (
                  <button type="button" className="button button--small" disabled={busy !== null} onClick={() => void openDoc(d, d.hasPdf ? `${d.id}#cda` : d.id)} data-testid="xdm-open-cda">
                    {t('compose.xdm.openCda')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {openError && (
        <p className="mail-inline-error" role="alert">
          {openError}
        </p>
      )}
      {opened && (
        <figure className="xdm__viewer" data-testid="xdm-viewer">
          <figcaption>
            <span>{opened.doc.title}</span>
            {opened.doc.hasPdf && !noCda.has(opened.doc.id) && (
              // Both views of a CDA that has its PDF rendering: the document as sent, its structured data.
              <span className="xdm__views" role="group" aria-label={t('compose.xdm.views')} data-testid="xdm-views">
                <button type="button" className="button button--small" aria-pressed={opened.kind === 'pdf'} disabled={busy !== null} onClick={() => void openDoc(opened.doc, opened.doc.id)} data-testid="xdm-view-pdf">
                  {t('compose.xdm.openPdf')}
                </button>
                <button type="button" className="button button--small" aria-pressed={opened.kind === 'html'} disabled={busy !== null} onClick={() => void openDoc(opened.doc, `${opened.doc.id}#cda`)} data-testid="xdm-view-cda">
                  {t('compose.xdm.openCda')}
                </button>
              </span>
            )}
            <button type="button" className="button button--small" onClick={() => setOpened(null)}>
              {t('compose.xdm.close')}
            </button>
          </figcaption>
          {opened.kind === 'pdf' && <PdfPreview className="xdm__pdf" bytes={opened.bytes} title={opened.doc.title} testId="xdm-frame-pdf" />}
          {opened.kind === 'html' && (
            <MessageFrame className="xdm__frame" doc={wrapForFrame(opened.html, i18n.language)} title={opened.doc.title} testId="xdm-frame-cda" />
          )}
          {opened.kind === 'text' && <pre className="xdm__text">{opened.text}</pre>}
        </figure>
      )}
    </section>
  );
}
