// PDF previews rendered by pdf.js into canvases in the app's page, with every active part of the PDF off
// (issue 18): no scripting (pdf.js runs a PDF's JavaScript only through its viewer's scripting manager
// and the pdf.sandbox bundle, neither of which is imported here; no annotation layer either, so links and
// form fields are only painted), no XFA (enableXfa false), no WebAssembly decoders (useWasm false: the
// CSP keeps script-src without 'wasm-unsafe-eval'; JPEG 2000 images of a PDF then stay blank). pdf.js 6
// has no eval code path left (its `isEvalSupported` option is gone with the glyph compiler that used it).
// The worker is the app's own file (Vite copies pdf.worker.min.mjs into the assets: worker-src 'self'),
// created here so pdf.js never wraps it in a blob: URL. Works in Electron, whose PDF plugin is off.
import type { PDFDocumentLoadingTask, PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

/** Pages drawn at most (a preview, not a reader: the rest is counted and left to "Ouvrir"). */
export const MAX_PREVIEW_PAGES = 20;
const MAX_CANVAS_PIXELS = 16_000_000;

export interface PdfHandle {
  pageCount: number;
  /** Draws page `n` (1-based) into the canvas at `cssWidth` CSS pixels wide. */
  renderPage(n: number, canvas: HTMLCanvasElement, cssWidth: number): Promise<void>;
  destroy(): Promise<void>;
}

/** The options given to pdf.js for every preview (exported for the unit test that pins them). */
export const PDF_OPTIONS = {
  enableXfa: false,
  useWasm: false,
  disableWorkerRendering: true,
  disableFontFace: false,
  useSystemFonts: true,
  stopAtErrors: false,
  maxImageSize: MAX_CANVAS_PIXELS,
  verbosity: 0,
} as const;

let port: Worker | null = null;
/** One worker for every preview, from the app's own assets (pdf.js keeps a worker it was given). */
function workerPort(pdfjs: typeof import('pdfjs-dist')): Worker {
  if (!port) {
    port = new Worker(workerUrl, { type: 'module', name: 'pdf' });
    pdfjs.GlobalWorkerOptions.workerPort = port;
  }
  return port;
}

export async function openPdf(bytes: Uint8Array): Promise<PdfHandle> {
  const pdfjs = await import('pdfjs-dist');
  workerPort(pdfjs);
  const task: PDFDocumentLoadingTask = pdfjs.getDocument({ ...PDF_OPTIONS, data: bytes });
  let doc: PDFDocumentProxy;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy().catch(() => undefined);
    throw e;
  }
  return {
    pageCount: doc.numPages,
    async renderPage(n, canvas, cssWidth) {
      const page = await doc.getPage(n);
      const base = page.getViewport({ scale: 1 });
      const ratio = Math.max(1, Math.min(window.devicePixelRatio || 1, 2));
      let scale = (cssWidth / base.width) * ratio;
      if (base.width * base.height * scale * scale > MAX_CANVAS_PIXELS) scale = Math.sqrt(MAX_CANVAS_PIXELS / (base.width * base.height));
      const viewport = page.getViewport({ scale });
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      await page.render({ canvas, viewport, annotationMode: pdfjs.AnnotationMode.ENABLE }).promise;
      page.cleanup();
    },
    destroy: () => task.destroy(),
  };
}

/** data: URL → bytes without fetch() (the CSP's connect-src does not allow data:). */
export function dataUrlBytes(dataUrl: string): Uint8Array {
  const bin = atob(dataUrl.slice(dataUrl.indexOf(',') + 1));
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}
