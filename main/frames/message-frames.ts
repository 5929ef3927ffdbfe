// Message HTML frames served from their own URL instead of srcdoc. A srcdoc document inherits the app
// page's CSP (style-src 'self'), so every inline style of a message was dropped and mail lost its layout.
// A document loaded from a URL gets the policy of its own response: this one allows inline CSS and data:
// images only — no script, no font or image from anywhere, no form, no base — and the <iframe sandbox="">
// that shows it keeps it in an opaque origin. Documents are kept in memory (never on disk) under an
// unguessable token, a bounded number of them, and only the renderer that put them can get the URL.
import crypto from 'node:crypto';

export const FRAME_PATH_PREFIX = '/frame/';
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;
const MAX_FRAMES = 16;
const MAX_TOTAL_BYTES = 48 * 1024 * 1024;

export const FRAME_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  'img-src data:',
  'font-src data:',
  "script-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'self'",
  'sandbox',
].join('; ');

/**
 * The document whose window the renderer parses message HTML with (renderer/src/features/mail/
 * parse-window.ts). A DOMParser document takes the policy of its window: under the app's CSP every style
 * attribute, <style> and onclick of a message was reported as a violation while it was only being read.
 * This policy leaves style and script unrestricted for that reason and for no other: the frame is
 * sandboxed without scripts (here and by its <iframe sandbox="allow-same-origin">), loads nothing
 * (every fetch directive 'none'), and its own document is empty.
 */
// Not under /frame/: it is no message document (tests and tools find those by that prefix).
export const PARSE_DOC_PATH = '/parse-doc';
export const PARSE_CSP = [
  'sandbox allow-same-origin',
  "img-src 'none'",
  "font-src 'none'",
  "media-src 'none'",
  "connect-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "manifest-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');
const PARSE_DOC = Buffer.from('<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>mss-parse</title></head><body></body></html>', 'utf8');

/** Response headers of a message frame (both hosts). */
export function frameHeaders(byteLength: number): Record<string, string> {
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(byteLength),
    'Content-Security-Policy': FRAME_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}

/** What both hosts answer at PARSE_DOC_PATH and under /frame/: the parse document, a message document, or null (404). */
export function frameResponse(frames: MessageFrames | null | undefined, requestPath: string): { data: Buffer; headers: Record<string, string> } | null {
  const pathname = requestPath.split(/[?#]/)[0] ?? '';
  if (pathname === PARSE_DOC_PATH) return { data: PARSE_DOC, headers: { ...frameHeaders(PARSE_DOC.length), 'Content-Security-Policy': PARSE_CSP } };
  const doc = frames?.get(requestPath) ?? null;
  return doc ? { data: doc, headers: frameHeaders(doc.length) } : null;
}

export class MessageFrames {
  private readonly docs = new Map<string, Buffer>();
  private total = 0;

  /** Keeps a document and returns the path it is served at (relative to the app's origin). */
  put(html: string): string {
    const data = Buffer.from(html, 'utf8');
    const token = crypto.randomBytes(32).toString('base64url');
    this.docs.set(token, data);
    this.total += data.length;
    // Oldest first out: the reader shows one message at a time, the print view and the XDM panel a few more.
    for (const [k, v] of this.docs) {
      if (this.docs.size <= MAX_FRAMES && this.total <= MAX_TOTAL_BYTES) break;
      if (k === token) break;
      this.docs.delete(k);
      this.total -= v.length;
    }
    return FRAME_PATH_PREFIX + token;
  }

  /** The document at a request path (`/frame/<token>`, query ignored), or null. */
  get(requestPath: string): Buffer | null {
    const pathname = requestPath.split(/[?#]/)[0] ?? '';
    if (!pathname.startsWith(FRAME_PATH_PREFIX)) return null;
    const token = pathname.slice(FRAME_PATH_PREFIX.length);
    if (!TOKEN_RE.test(token)) return null;
    return this.docs.get(token) ?? null;
  }

  /** Drops every document (logout, lock: message content leaves memory). */
  clear(): void {
    this.docs.clear();
    this.total = 0;
  }

  get size(): number {
    return this.docs.size;
  }
}
