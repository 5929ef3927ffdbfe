// Outlook's compressed RTF body (MS-OXRTFCP) → the HTML it encapsulates (MS-OXRTFEX, `\fromhtml1`), else
// its text (pure, never throws). Only what a reader needs: no layout, no fonts.

import { TextDecoder } from 'node:util';

const PREBUF = '{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx';
const LZFU = 0x75465a4c;
const MELA = 0x414c454d;
const MAX_RTF = 16 * 1024 * 1024;

/** The RTF of a PR_RTF_COMPRESSED value, or null. */
export function decompressRtf(b: Buffer): Buffer | null {
  if (b.length < 16) return null;
  const rawSize = b.readUInt32LE(4);
  const type = b.readUInt32LE(8);
  if (type === MELA) return b.subarray(16, 16 + Math.min(rawSize, MAX_RTF));
  if (type !== LZFU) return null;
  const dict = Buffer.alloc(4096);
  dict.write(PREBUF, 'latin1');
  let w = PREBUF.length;
  const out: number[] = [];
  const limit = Math.min(rawSize, MAX_RTF);
  let i = 16;
  while (i < b.length && out.length < limit) {
    const control = b[i++]!;
    for (let bit = 0; bit < 8 && i < b.length; bit++) {
      if ((control & (1 << bit)) === 0) {
        const c = b[i++]!;
        out.push(c);
        dict[w] = c;
        w = (w + 1) & 4095;
        continue;
      }
      if (i + 1 >= b.length) return Buffer.from(out);
      const ref = (b[i]! << 8) | b[i + 1]!;
      i += 2;
      const offset = ref >> 4;
      const length = (ref & 15) + 2;
      if (offset === w) return Buffer.from(out); // end marker
      for (let k = 0; k < length; k++) {
        const c = dict[(offset + k) & 4095]!;
        out.push(c);
        dict[w] = c;
        w = (w + 1) & 4095;
      }
    }
  }
  return Buffer.from(out);
}

/** Destinations whose content is not text. */
const SKIP = new Set(['fonttbl', 'colortbl', 'stylesheet', 'info', 'pict', 'object', 'header', 'footer', 'listtable', 'listoverridetable', 'rsidtbl', 'generator', 'xmlnstbl', 'themedata', 'colorschememapping', 'latentstyles', 'datastore', 'mmathPr']);

/**
 * Reads RTF once: `html` is the encapsulated HTML (text outside `\htmlrtf` plus `{\*\htmltag}` content)
 * when the document says `\fromhtml1`, `text` the visible text otherwise.
 */
export function rtfRead(rtf: string): { html: string | null; text: string } {
  const fromHtml = /\\fromhtml1/.test(rtf.slice(0, 1024));
  const win1252 = new TextDecoder('windows-1252');
  let html = '';
  let text = '';
  // Group stack: skip (not text), htmltag (HTML destination), htmlrtf (RTF-only content) per group.
  const stack: Array<{ skip: boolean; tag: boolean; htmlrtf: boolean; uc: number }> = [];
  let st = { skip: false, tag: false, htmlrtf: false, uc: 1 };
  let pendingSkip = 0; // characters to skip after \uN
  let groupStart = false;
  let star = false;
  const emit = (s: string) => {
    if (st.skip) return;
    if (fromHtml) {
      if (st.tag || !st.htmlrtf) html += s;
    } else text += s;
  };
  for (let i = 0; i < rtf.length; i++) {
    const c = rtf[i]!;
    if (c === '{') {
      stack.push(st);
      st = { ...st };
      groupStart = true;
      star = false;
      continue;
    }
    if (c === '}') {
      st = stack.pop() ?? { skip: false, tag: false, htmlrtf: false, uc: 1 };
      groupStart = false;
      continue;
    }
    if (c === '\\') {
      const next = rtf[i + 1];
      if (next === undefined) break;
      if (next === '\\' || next === '{' || next === '}') {
        emit(next);
        i++;
        continue;
      }
      if (next === '*') {
        star = true;
        i++;
        continue;
      }
      if (next === "'") {
        const hex = rtf.slice(i + 2, i + 4);
        i += 3;
        if (pendingSkip > 0) {
          pendingSkip--;
          continue;
        }
        if (/^[0-9a-fA-F]{2}$/.test(hex)) emit(win1252.decode(Buffer.from([parseInt(hex, 16)])));
        continue;
      }
      const m = /^([a-zA-Z]+)(-?\d+)? ?/.exec(rtf.slice(i + 1, i + 40));
      if (!m) {
        i++;
        continue;
      }
      i += m[0].length;
      const word = m[1]!;
      const arg = m[2] === undefined ? null : Number(m[2]);
      const first = groupStart;
      groupStart = false;
      if (first && (star || SKIP.has(word))) {
        if (word === 'htmltag' && fromHtml) st.tag = true;
        else st.skip = true;
        star = false;
        continue;
      }
      star = false;
      switch (word) {
        case 'par': case 'line': emit(fromHtml ? '\r\n' : '\n'); break;
        case 'tab': emit('\t'); break;
        case 'htmlrtf': st.htmlrtf = arg !== 0; break;
        case 'uc': st.uc = arg ?? 1; break;
        case 'u':
          if (arg !== null) {
            emit(String.fromCharCode(arg < 0 ? arg + 65536 : arg));
            pendingSkip = st.uc;
          }
          break;
        case 'emdash': emit('—'); break;
        case 'endash': emit('–'); break;
        case 'lquote': emit('‘'); break;
        case 'rquote': emit('’'); break;
        case 'ldblquote': emit('“'); break;
        case 'rdblquote': emit('”'); break;
        case 'bullet': emit('•'); break;
        default: break;
      }
      continue;
    }
    groupStart = false;
    if (c === '\r' || c === '\n') continue;
    if (pendingSkip > 0) {
      pendingSkip--;
      continue;
    }
    emit(c);
  }
  return { html: fromHtml && html.trim() ? html : null, text: text.replace(/\n{3,}/g, '\n\n').trim() };
}

/** PR_RTF_COMPRESSED → HTML (encapsulated) or text. */
export function rtfToBody(compressed: Buffer): { html: string | null; text: string | null } | null {
  const rtf = decompressRtf(compressed);
  if (!rtf || rtf.length === 0) return null;
  const r = rtfRead(rtf.toString('latin1'));
  return { html: r.html, text: r.text || null };
}
