// The window whose DOMParser reads message HTML (DOMPurify, the head's <style> blocks). Not the app page's:
// a document made by DOMParser takes the policy of the window it comes from, and the app's CSP (style-src
// 'self', no inline handler) then reports every style attribute, <style> block and onclick of a message
// as a violation (~50 console errors for one newsletter, issue 20 point 7), though none of them could
// apply: a parsed document is inert. The hidden frame's document (/parse-doc, served by main,
// main/frames/message-frames.ts) has a policy that leaves style and script unrestricted but sandboxes it
// without scripts and forbids every load, so nothing can run or load there either. Same origin
// (allow-same-origin) so the page can use its DOMParser; the sanitized result is what the page keeps.
// Until the frame has loaded (the first milliseconds), the page's own window is used.
export const PARSE_PATH = '/parse-doc';

let frame: HTMLIFrameElement | null = null;

/** Adds the hidden frame to the page (once, at start-up). */
export function startParseWindow(doc: Document = document): void {
  if (frame || !doc.body) return;
  frame = doc.createElement('iframe');
  frame.setAttribute('sandbox', 'allow-same-origin');
  frame.setAttribute('aria-hidden', 'true');
  frame.setAttribute('tabindex', '-1');
  frame.setAttribute('title', 'mss-parse');
  frame.className = 'parse-frame';
  frame.src = PARSE_PATH;
  doc.body.append(frame);
}

/** The frame's window once its document is ours and loaded, else the page's. */
export function parseWindow(): Window & typeof globalThis {
  try {
    const w = frame?.contentWindow as (Window & typeof globalThis) | null | undefined;
    if (w && w.location.pathname === PARSE_PATH && w.document.readyState === 'complete') return w;
  } catch {
    // not reachable (yet): the page's window
  }
  return window;
}
