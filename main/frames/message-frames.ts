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
