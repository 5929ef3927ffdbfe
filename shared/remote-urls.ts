// URL rules shared by the renderer's sanitizer (which blocks remote content) and main (which fetches it
// when the person allows): both must agree on what is remote and on how srcset splits into URLs.

export function isRemoteUrl(url: string): boolean {
  return /^\s*(?:https?:)?\/\//i.test(url);
}

/** Protocol-relative URLs count as https. */
export function normalizeRemote(url: string): string {
  const u = url.trim();
  return u.startsWith('//') ? `https:${u}` : u;
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
