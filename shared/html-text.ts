// THE html-to-text of outgoing mail, for both sides (pure, string based: no DOM): the composer's plain-text
// alternative and signatures, and main's text/plain part when the composer sent none.
// Paragraphs and blocks → line breaks, lists → "- " / "1. ", links → "texte (https://…)",
// blockquotes → "> " prefixes, entities decoded, whitespace collapsed as a browser would.

const BLOCKS = new Set(['p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'pre', 'table', 'tr', 'hr', 'section', 'article', 'header', 'footer']);
const SKIP = new Set(['script', 'style', 'head', 'title', 'template']);
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', eacute: 'é', egrave: 'è', agrave: 'à', ccedil: 'ç', ecirc: 'ê', ocirc: 'ô', ucirc: 'û', icirc: 'î', laquo: '«', raquo: '»', hellip: '…', rsquo: '’', lsquo: '‘', euro: '€', mdash: '—', ndash: '–' };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return NAMED[e.toLowerCase()] ?? m;
  });
}

function attr(attrs: string, name: string): string | null {
  const m = new RegExp(`${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(attrs);
  return m ? decodeEntities(m[1] ?? m[2] ?? m[3] ?? '') : null;
}

export function htmlToText(html: string): string {
  const lines: string[] = [''];
  let depth = 0; // blockquote nesting
  let pre = 0;
  let skip = 0;
  const lists: Array<{ ordered: boolean; n: number }> = [];
  const links: Array<{ href: string | null; start: number; line: number }> = [];
  const prefix = () => '> '.repeat(depth);
  const cur = () => lines[lines.length - 1]!;
  const newline = () => lines.push(prefix());
  const blockBreak = () => {
    if (cur().trim().replace(/^(> )+/, '') !== '' || cur() !== prefix()) {
      if (cur().replace(/(> ?)+$/, '').trim() !== '') newline();
      else lines[lines.length - 1] = prefix();
    }
  };
  const write = (s: string) => {
    if (!s) return;
    const line = cur();
    const atStart = line === prefix() || line.endsWith(' ') || line.endsWith('\u00a0');
    lines[lines.length - 1] = line + (atStart && !pre ? s.replace(/^ /, '') : s);
  };

  const re = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|([^<]+)|</g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m[0].startsWith('<!--')) continue;
    if (m[4] !== undefined || m[0] === '<') {
      if (skip) continue;
      const raw = m[4] ?? '<';
      if (pre) {
        const parts = decodeEntities(raw).split('\n');
        parts.forEach((p, i) => {
          if (i > 0) newline();
          write(p);
        });
      } else {
        write(decodeEntities(raw.replace(/[ \t\r\n\f]+/g, ' ')).replace(/\u00a0/g, ' '));
      }
      continue;
    }
    const closing = m[1] === '/';
    const tag = m[2]!.toLowerCase();
    if (SKIP.has(tag)) {
      skip = Math.max(0, skip + (closing ? -1 : 1));
      continue;
    }
    if (skip) continue;
    if (tag === 'br') {
      newline();
      continue;
    }
    if (tag === 'a') {
      if (!closing) links.push({ href: attr(m[3]!, 'href'), start: cur().length, line: lines.length - 1 });
      else {
        const l = links.pop();
        if (l?.href && /^(https?:|mailto:)/i.test(l.href)) {
          const text = l.line === lines.length - 1 ? cur().slice(l.start).trim() : '';
          const target = l.href.replace(/^mailto:/i, '');
          if (text !== target && text !== l.href) write(text ? ` (${l.href.replace(/^mailto:/i, '')})` : l.href);
        }
      }
      continue;
    }
    if (!BLOCKS.has(tag) && tag !== 'td' && tag !== 'th') continue;
    if (tag === 'td' || tag === 'th') {
      if (closing) write('\t');
      continue;
    }
    if (tag === 'blockquote') {
      blockBreak();
      depth = Math.max(0, depth + (closing ? -1 : 1));
      lines[lines.length - 1] = cur().trim() === '' || /^(> ?)*$/.test(cur()) ? prefix() : cur();
      continue;
    }
    if (tag === 'pre') pre = Math.max(0, pre + (closing ? -1 : 1));
    if (tag === 'ul' || tag === 'ol') {
      if (closing) lists.pop();
      else lists.push({ ordered: tag === 'ol', n: 0 });
      blockBreak();
      continue;
    }
    if (tag === 'li') {
      if (closing) continue;
      blockBreak();
      const l = lists[lists.length - 1];
      const indent = '  '.repeat(Math.max(0, lists.length - 1));
      lines[lines.length - 1] = cur() + indent + (l?.ordered ? `${++l.n}. ` : '- ');
      continue;
    }
    if (tag === 'hr') {
      blockBreak();
      write('----');
      newline();
      continue;
    }
    blockBreak();
  }
  const out = lines.map((l) => l.replace(/[ \t]+$/g, '').replace(/^((?:> )*)>? $/, '$1').trimEnd());
  return out.join('\n').replace(/\n{3,}/g, '\n\n').replace(/^\n+|\n+$/g, '');
}

/** Plain text → HTML paragraphs for the editor (escaped; blank lines separate paragraphs). */
export function textToHtml(text: string): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((p) => `<p>${esc(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}
