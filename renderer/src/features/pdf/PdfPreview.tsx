// A PDF shown page by page in canvases drawn by pdf.js (pdf-render.ts: scripting, XFA and WebAssembly
// off), for attachment previews and XDM documents. Never a frame, embed or object: a PDF's JavaScript has
// nothing to run in, and Electron's PDF plugin (off) is not needed.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_PREVIEW_PAGES, type PdfHandle, openPdf } from './pdf-render';

interface Props {
  bytes: Uint8Array;
  title: string;
  className?: string;
  testId?: string;
}

export function PdfPreview({ bytes, title, className, testId }: Props) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<{ kind: 'loading' } | { kind: 'error' } | { kind: 'done'; pages: number; shown: number }>({ kind: 'loading' });

  useEffect(() => {
    let alive = true;
    let handle: PdfHandle | null = null;
    const el = box.current;
    setState({ kind: 'loading' });
    void (async () => {
      try {
        // pdf.js takes ownership of the buffer it is given: a copy keeps the caller's bytes usable.
        const opened = await openPdf(bytes.slice());
        if (!alive || !el) {
          void opened.destroy();
          return;
        }
        handle = opened;
        const shown = Math.min(opened.pageCount, MAX_PREVIEW_PAGES);
        const width = Math.max(320, el.clientWidth - 24);
        el.replaceChildren();
        for (let n = 1; n <= shown && alive; n++) {
          const canvas = document.createElement('canvas');
          canvas.className = 'pdf-preview__page';
          canvas.setAttribute('role', 'img');
          canvas.setAttribute('aria-label', t('mail.reader.pdfPage', { n, count: opened.pageCount }));
          canvas.dataset.page = String(n);
          el.append(canvas);
          await opened.renderPage(n, canvas, width);
          canvas.dataset.rendered = 'true';
        }
        if (alive) setState({ kind: 'done', pages: opened.pageCount, shown });
      } catch {
        if (alive) setState({ kind: 'error' });
      }
    })();
    return () => {
      alive = false;
      el?.replaceChildren();
      void handle?.destroy();
    };
  }, [bytes, t]);

  return (
    <div className={`pdf-preview ${className ?? ''}`} aria-label={title} role="document" data-testid={testId ?? 'pdf-preview'} data-state={state.kind}>
      {state.kind === 'loading' && <p className="pdf-preview__note" role="status">{t('mail.reader.pdfLoading')}</p>}
      {state.kind === 'error' && <p className="mail-inline-error" role="alert">{t('mail.reader.pdfFailed')}</p>}
      {state.kind === 'done' && state.shown < state.pages && (
        <p className="pdf-preview__note" role="note">{t('mail.reader.pdfMorePages', { shown: state.shown, count: state.pages })}</p>
      )}
      <div className="pdf-preview__pages" ref={box} />
    </div>
  );
}
