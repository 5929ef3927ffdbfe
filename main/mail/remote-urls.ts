// Finds the remote (http/https) image URLs a message's HTML references, without a DOM: src, srcset and
// background attributes, and CSS url(...) in style="" and <style>. The renderer blocks them; main fetches
// them on request and the renderer swaps the data URLs in (renderer/src/features/mail/css-policy.ts).
import { isRemoteUrl, normalizeRemote, parseSrcset } from '../../shared/remote-urls';

const ATTR_RE = /\s(?:src|background|poster|lowsrc|dynsrc)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/gi;
const SRCSET_RE = /\ssrcset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/gi;
const CSS_URL_RE = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)/gi;

/** Decodes the few entities that appear in URLs inside attributes. */
export function decodeAttr(v: string): string {
  return v
    .replace(/&amp;/gi, '&')
    .replace(/&quot;/gi, '"')
    .replace(/&#39;|&apos;/gi, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#([0-9]+);/g, (_m, d: string) => String.fromCodePoint(parseInt(d, 10)));
}

/** URLs of a srcset value ("a.png 1x, b.png 2x"). */
export function srcsetUrls(value: string): string[] {
  return parseSrcset(value).map((c) => c.url);
}

export function extractRemoteUrls(html: string | null | undefined, max = 500): string[] {
  if (!html) return [];
  const found = new Set<string>();
  const add = (raw: string | undefined) => {
    if (raw === undefined || found.size >= max) return;
    const u = decodeAttr(raw).trim();
    if (isRemoteUrl(u)) found.add(normalizeRemote(u));
  };
  for (const m of html.matchAll(ATTR_RE)) add(m[1] ?? m[2] ?? m[3]);
  for (const m of html.matchAll(SRCSET_RE)) for (const u of srcsetUrls(decodeAttr(m[1] ?? m[2] ?? m[3] ?? ''))) add(u);
  // In a style="" attribute the quotes are entities: url(&quot;https://…&quot;).
  for (const m of decodeAttr(html).matchAll(CSS_URL_RE)) add(m[1] ?? m[2] ?? m[3]);
  return [...found];
}

export function hasRemoteContent(html: string | null | undefined): boolean {
  return extractRemoteUrls(html, 1).length > 0;
}
