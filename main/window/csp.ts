// Content-Security-Policy of the app's pages. Strict: only the app's own scripts, no eval, no inline
// script, no remote anything. Message HTML lives in sandboxed srcdoc frames, which inherit this policy,
// so remote content can never load from them (images the user allows are fetched by main and inlined).
export interface CspOptions {
  /** Extra connect-src entries (the browser host's WebSocket). */
  connectSrc?: string[];
}

export function buildCsp(options: CspOptions = {}): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'", ...(options.connectSrc ?? [])],
    // No blob: frames since PDFs are drawn by pdf.js (renderer/src/features/pdf) instead of a blob: frame.
    'frame-src': ["'self'"],
    'child-src': ["'self'"],
    // pdf.js's worker: the app's own asset, started by the renderer (never a blob: wrapper).
    'worker-src': ["'self'"],
    'media-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([k, v]) => `${k} ${v.join(' ')}`)
    .join('; ');
}

/** Headers every app page is served with (Electron app:// protocol and browser host alike). */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), bluetooth=()',
    'Cache-Control': 'no-store',
  };
}
