// Finds the remote (http/https) image URLs a message's HTML references, without a DOM: src, srcset and
// background attributes. The renderer blocks them; main fetches them on request. CSS url(...) is not
// fetched: the renderer drops <style> and style="" (the page's CSP would block them anyway).
const ATTR_RE = /\s(?:src|background|poster|lowsrc|dynsrc)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/gi;
const SRCSET_RE = /\ssrcset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/gi;

export function isRemoteUrl(url: string): boolean {
  return /^\s*(?:https?:)?\/\//i.test(url);
}

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

/** srcset candidates per the HTML parsing rules (URLs may contain commas, e.g. data: URLs). */
export function parseSrcset(value: string): Array<{ url: string; descriptor: string }> {
  const out: Array<{ url: string; descriptor: string }> = [];
  let i = 0;
  const n = value.length;
  while (i < n) {
    while (i < n && /[\s,]/.test(value[i]!)) i++;
    if (i >= n) break;
    let j = i;
    while (j < n && !/\s/.test(value[j]!)) j++;
    let url = value.slice(i, j);
    i = j;
    let descriptor = '';
    if (/,+$/.test(url)) {
      url = url.replace(/,+$/, '');
    } else {
      let depth = 0;
      const start = i;
      while (i < n && !(value[i] === ',' && depth === 0)) {
        if (value[i] === '(') depth++;
        else if (value[i] === ')') depth = Math.max(0, depth - 1);
        i++;
      }
      descriptor = value.slice(start, i).trim();
    }
    if (url) out.push({ url, descriptor });
  }
  return out;
}


/** Normalizes protocol-relative URLs to https. */
export function normalizeRemote(url: string): string {
  const u = url.trim();
  return u.startsWith('//') ? `https:${u}` : u;
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
  return [...found];
}

export function hasRemoteContent(html: string | null | undefined): boolean {
  return extractRemoteUrls(html, 1).length > 0;
}
