// Reading pane: header (from, to, cc, date, subject), MSSanté badges, actions (read/unread, flag, delete,
// archive, move, print, text version), attachments and the sandboxed body. Marks the message read after ~1 s.
import { forwardRef, useCallback, useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { MailAddress, MessageView } from '../../../../shared/types';
import { EmptyState } from '../../app/EmptyState';
import { ReadIcon } from '../../app/icons';
import { useWorkspace } from '../../app/workspace';
import { mss } from '../../bridge';
import { displayName, formatAddress, formatFullDate } from '../mail/format';
import { errorText } from '../mail/hooks';
import { EnvelopeOpenIcon, PrintIcon, StarIcon } from '../mail/icons';
import { AttachmentList } from './AttachmentList';
import { MessageBody } from './MessageBody';
import { MssHeaders } from './MssHeaders';
import { useMessage } from './use-message';
import { ReplyActions } from '../compose/ReplyActions';
import { MdnPrompt } from '../receipts/MdnPrompt';
import { ReceiptsPanel } from '../receipts/ReceiptsPanel';
import { XdmPanel } from '../xdm/XdmPanel';
import { ArchiveReaderActions } from '../archive/ArchiveReaderActions'; // ---- Archive & export
import { ReaderFilingActions } from '../filing/ReaderFilingActions';
import { takePrintRequest } from '../filing/print-request';
import '../../styles/mail.css';

export const MARK_READ_DELAY_MS = 1000;

function AddressList({ list }: { list: MailAddress[] }) {
  return (
    <>
      {list.map((a, i) => (
        <span key={`${a.address}-${i}`} className="reader-address" title={a.address}>
          {formatAddress(a)}
          {i < list.length - 1 ? ', ' : ''}
        </span>
      ))}
    </>
  );
}

export const ReaderPane = forwardRef<HTMLElement>(function ReaderPane(_props, ref) {
  const { t, i18n } = useTranslation();
  const { messageId, setMessageId } = useWorkspace();
  const { view, setView, error, loading } = useMessage(messageId);
  const [mode, setMode] = useState<'html' | 'text'>('html');
  const [printHtml, setPrintHtml] = useState<string | null>(null);
  const [printing, setPrinting] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);

  useEffect(() => {
    setMode('html');
    setActionError(null);
  }, [messageId]);

  // Opened for ~1 s → read (not when merely passing through with the arrows). Once per opening: a
  // message the user marks unread again stays unread.
  const viewId = view?.id ?? null;
  const unseenAtOpen = useRef<{ id: number; unseen: boolean } | null>(null);
  if (view && unseenAtOpen.current?.id !== view.id) unseenAtOpen.current = { id: view.id, unseen: !view.seen };
  const unseen = unseenAtOpen.current?.id === viewId && !!unseenAtOpen.current?.unseen;
  useEffect(() => {
    if (viewId === null || !unseen) return;
    const h = setTimeout(() => {
      void mss.invoke('messages.setFlags', { ids: [viewId], add: ['seen'] }).then(
        () => setView((v) => (v && v.id === viewId ? { ...v, seen: true } : v)),
        () => {},
      );
    }, MARK_READ_DELAY_MS);
    return () => clearTimeout(h);
  }, [viewId, unseen, setView]);

  const setFlag = (v: MessageView, flag: 'seen' | 'flagged', on: boolean) => {
    setActionError(null);
    setView({ ...v, [flag]: on });
    mss.invoke('messages.setFlags', { ids: [v.id], [on ? 'add' : 'remove']: [flag] }).catch((e: unknown) => {
      setActionError(errorText(e));
      setView(v);
    });
  };

  const print = useCallback(() => {
    flushSync(() => setPrinting(true));
    window.print();
    setPrinting(false);
  }, []);

  // "Imprimer" from the list's context menu: once the message is shown (body included).
  const readyToPrint = !!view && !loading && !view.bodyPending && view.id === messageId;
  useEffect(() => {
    if (readyToPrint && view && takePrintRequest(view.id)) print();
  }, [readyToPrint, view, print]);

  const onSanitized = useCallback((html: string | null) => setPrintHtml(html), []);

  let content: React.ReactNode;
  if (messageId === null) {
    content = <EmptyState testId="reader-empty" icon={<ReadIcon />} title={t('reader.empty.title')} body={t('reader.empty.body')} />;
  } else if (error) {
    content = (
      <p className="mail-inline-error reader-error" role="alert" data-testid="reader-error">
        {t('mail.reader.error', { message: error })}
      </p>
    );
  } else if (!view || loading) {
    content = <p className="reader-note" role="status">{t('mail.reader.loading')}</p>;
  } else {
    const hasHtml = !!view.html;
    content = (
      <article className="reader" aria-labelledby="reader-subject" data-testid="reader">
        <header className="reader-header">
          <div className="reader-toolbar" role="toolbar" aria-label={t('mail.reader.label')}>
            <button type="button" className="icon-button" onClick={() => setFlag(view, 'seen', !view.seen)} title={view.seen ? t('mail.reader.markUnread') : t('mail.reader.markRead')} aria-label={view.seen ? t('mail.reader.markUnread') : t('mail.reader.markRead')} data-testid="reader-toggle-read">
              <EnvelopeOpenIcon />
            </button>
            <button type="button" className={`icon-button ${view.flagged ? 'icon-button--on' : ''}`} onClick={() => setFlag(view, 'flagged', !view.flagged)} aria-pressed={view.flagged} title={view.flagged ? t('mail.reader.unflag') : t('mail.reader.flag')} aria-label={view.flagged ? t('mail.reader.unflag') : t('mail.reader.flag')}>
              <StarIcon filled={view.flagged} />
            </button>
            <ReaderFilingActions view={view} onGone={() => setMessageId(null)} />
            <ReplyActions view={view} />
            <ArchiveReaderActions view={view} /> {/* ---- Archive & export */}
            <span className="reader-toolbar__spacer" />
            {hasHtml && view.text && (
              <button type="button" className="button button--small" aria-pressed={mode === 'text'} onClick={() => setMode((m) => (m === 'html' ? 'text' : 'html'))} data-testid="toggle-text">
                {mode === 'html' ? t('mail.reader.showText') : t('mail.reader.showHtml')}
              </button>
            )}
            <button type="button" className="button button--small reader-print" onClick={print} data-testid="print">
              <PrintIcon />
              {t('mail.reader.print')}
            </button>
          </div>
          <h2 className="reader-subject" id="reader-subject" data-testid="reader-subject">
            {view.subject || t('mail.list.noSubject')}
          </h2>
          <MssHeaders view={view} />
          <dl className="reader-meta">
            <dt>{t('mail.reader.from')}</dt>
            <dd data-testid="reader-from">
              {view.from ? (
                <>
                  <strong>{displayName(view.from)}</strong> <span className="reader-meta__addr">&lt;{view.from.address}&gt;</span>
                </>
              ) : (
                t('mail.list.noSender')
              )}
            </dd>
            {view.to.length > 0 && (
              <>
                <dt>{t('mail.reader.to')}</dt>
                <dd>
                  <AddressList list={view.to} />
                </dd>
              </>
            )}
            {view.cc.length > 0 && (
              <>
                <dt>{t('mail.reader.cc')}</dt>
                <dd>
                  <AddressList list={view.cc} />
                </dd>
              </>
            )}
            <dt>{t('mail.reader.date')}</dt>
            <dd>
              <time dateTime={new Date(view.date).toISOString()}>{formatFullDate(view.date, i18n.language)}</time>
            </dd>
          </dl>
          {view.smime === 'signed' && (
            <p className="reader-note reader-note--signed" role="note" data-testid="reader-signed">{t('mail.reader.signed')}</p>
          )}
          {view.threadSize > 1 && <p className="reader-thread">{t('mail.reader.thread', { count: view.threadSize })}</p>}
          {actionError && (
            <p className="mail-inline-error" role="alert">
              {actionError}
            </p>
          )}
        </header>
        <MdnPrompt messageId={view.id} />
        <ReceiptsPanel view={view} />
        <AttachmentList view={view} />
        <XdmPanel view={view} />
        <div className="reader-body">
          {view.bodyPending ? (
            <p className="reader-note" role="status" data-testid="body-pending">
              {t('mail.reader.bodyPending')}
            </p>
          ) : (
            <MessageBody view={view} mode={hasHtml ? mode : 'text'} onSanitized={onSanitized} />
          )}
        </div>
        {printing && (
          <div className="print-body" aria-hidden="true">
            {printHtml !== null ? (
              // Same DOMPurify output as the frame (no scripts, handlers, forms or remote URLs); the page's
              // CSP (no inline script) stays a second barrier. Only present while the print dialog is open.
              <div dangerouslySetInnerHTML={{ __html: printHtml }} />
            ) : (
              <pre className="reader-text">{view.text ?? ''}</pre>
            )}
          </div>
        )}
      </article>
    );
  }

  return (
    <main className="pane pane--reader" id="content" aria-label={t('reader.title')} tabIndex={-1} ref={ref} data-testid="pane-reader">
      {content}
    </main>
  );
});
