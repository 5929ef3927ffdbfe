// The MIME tree of a raw message as bytes (pure, never throws): each part's header fields, parameters
// and undecoded body, numbered as IMAP numbers them (RFC 3501 BODY[n.m]). It does not decode content:
// postal-mime does (parse-message.ts); this tree tells what postal-mime does not say — which part an
// attachment is, its raw name bytes, whether its base64 was sound.

export interface RawPart {
  /** IMAP part number ("1", "2.1"); the top-level part of a single-part message is "1". */
  part: string;
  /** Lowercased type/subtype; `text/plain` (or `message/rfc822` in a digest) when absent, `text` → `text/plain`,
   *  application/octet-stream when present but empty. */
  type: string;
  /** The type as declared (the default when absent, '' when empty, `text` as written). */
  declaredType: string;
  /** Content-Type parameters (lowercased names, RFC 2231 joined), as latin-1 characters of their bytes. */
  params: Record<string, string>;
  /** Content-Disposition parameters, same form. */
  dispositionParams: Record<string, string>;
  disposition: string | null;
  /** Lowercased Content-Transfer-Encoding token, '' when absent. */
  encoding: string;
  body: Buffer;
  children: RawPart[];
}

/** Nesting and part limits: beyond them the rest of a part is kept as one opaque leaf. */
const MAX_DEPTH = 64;
const MAX_PARTS = 5000;

/** Header block and body of an entity: the header ends at the first empty line. */
function splitEntity(raw: Buffer): { header: string; body: Buffer } {
  if (raw.length === 0) return { header: '', body: raw };
  if (raw[0] === 0x0a) return { header: '', body: raw.subarray(1) };
  if (raw[0] === 0x0d && raw[1] === 0x0a) return { header: '', body: raw.subarray(2) };
  for (let i = raw.indexOf(0x0a); i >= 0; i = raw.indexOf(0x0a, i + 1)) {
    const next = raw[i + 1];
    if (next === 0x0a) return { header: raw.subarray(0, i).toString('latin1'), body: raw.subarray(i + 2) };
    if (next === 0x0d && raw[i + 2] === 0x0a) return { header: raw.subarray(0, i).toString('latin1'), body: raw.subarray(i + 3) };
  }
  return { header: raw.toString('latin1'), body: Buffer.alloc(0) };
}

/** Unfolded header fields, lowercased names, first occurrence kept (latin-1 characters of the bytes). */
export function headerFields(header: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of header.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    if (!out.has(name)) out.set(name, line.slice(i + 1).trim());
  }
  return out;
}

/** Splits on `;` outside quoted strings. */
function splitParams(value: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (quoted && c === '\\' && i + 1 < value.length) {
      cur += value[++i];
      continue;
    }
    if (c === '"') quoted = !quoted;
    else if (c === ';' && !quoted) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  out.push(cur);
  return out;
}

/** Percent-decoded RFC 2231 value as latin-1 characters of its bytes. */
function percentDecode(s: string): string {
  return s.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/**
 * `value; a=b; c*=utf-8''x%C3%A9; d*0="x"; d*1="y"` → the value and its parameters. RFC 2231 values are
 * joined and percent-decoded; their charset is kept as `<name>*charset`.
 */
export function parseStructured(raw: string | undefined): { value: string; params: Record<string, string> } {
  const [first = '', ...rest] = splitParams(raw ?? '');
  const params: Record<string, string> = {};
  const continued = new Map<string, Array<{ n: number; v: string; enc: boolean }>>();
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq <= 0) continue;
    const key = p.slice(0, eq).trim().toLowerCase();
    let v = p.slice(eq + 1).trim();
    if (v.startsWith('"')) v = v.slice(1, v.endsWith('"') && v.length > 1 ? -1 : undefined);
    const m = /^([^*]+)\*(\d+)?(\*)?$/.exec(key);
    if (!m) {
      if (!(key in params)) params[key] = v;
      continue;
    }
    const list = continued.get(m[1]!) ?? [];
    list.push({ n: m[2] === undefined ? 0 : Number(m[2]), v, enc: m[3] === '*' || (m[2] === undefined) });
    continued.set(m[1]!, list);
  }
  for (const [name, list] of continued) {
    list.sort((a, b) => a.n - b.n);
    let charset = '';
    const text = list.map((s, i) => {
      if (!s.enc) return s.v;
      let v = s.v;
      if (i === 0) {
        const q = /^([^']*)'[^']*'(.*)$/.exec(v);
        if (q) {
          charset = q[1]!;
          v = q[2]!;
        }
      }
      return percentDecode(v);
    }).join('');
    params[name] = text; // RFC 2231 wins over a plain parameter of the same name
    if (charset) params[`${name}*charset`] = charset;
  }
  return { value: first.trim().toLowerCase(), params };
}

function normalizeType(declared: string): string {
  if (!declared) return 'application/octet-stream'; // `Content-Type: ; name=x`
  if (declared === 'text') return 'text/plain'; // `Content-Type: text` (no subtype) is plain text
  return declared;
}

/** Boundary delimiter positions in `body`: a line `--boundary`, `--` for the last, then optional
 *  whitespace (RFC 2046 allows transport padding). */
function splitMultipart(body: Buffer, boundary: string): Buffer[] {
  const delim = Buffer.from(`--${boundary}`, 'latin1');
  const parts: Buffer[] = [];
  let start = -1;
  let pos = 0;
  while (pos <= body.length) {
    const at = body.indexOf(delim, pos);
    if (at < 0) break;
    const lineStart = at === 0 || body[at - 1] === 0x0a;
    let end = at + delim.length;
    const closing = body[end] === 0x2d && body[end + 1] === 0x2d;
    if (closing) end += 2;
    while (body[end] === 0x20 || body[end] === 0x09) end++;
    const eol = end >= body.length || body[end] === 0x0a || (body[end] === 0x0d && body[end + 1] === 0x0a);
    if (!lineStart || !eol) {
      pos = at + 1;
      continue;
    }
    // The line break before a delimiter belongs to the delimiter.
    let contentEnd = at;
    if (contentEnd > 0 && body[contentEnd - 1] === 0x0a) contentEnd--;
    if (contentEnd > 0 && body[contentEnd - 1] === 0x0d) contentEnd--;
    if (start >= 0) parts.push(body.subarray(start, Math.max(start, contentEnd)));
    const next = body[end] === 0x0d ? end + 2 : end + 1;
    if (closing) return parts;
    start = next;
    pos = next;
  }
  // No closing delimiter (cut message): the last part runs to the end.
  if (start >= 0 && start <= body.length) parts.push(body.subarray(start));
  return parts;
}

/** The MIME tree of a raw message (or of one entity). */
export function rawParts(raw: Buffer): RawPart {
  const count = { n: 0 };
  return entity(raw, '', null, 0, count);
}

function entity(raw: Buffer, number: string, parentSubtype: string | null, depth: number, count: { n: number }): RawPart {
  count.n++;
  const { header, body } = splitEntity(raw);
  const h = headerFields(header);
  const ct = parseStructured(h.get('content-type'));
  const cd = parseStructured(h.get('content-disposition'));
  const declaredType = h.has('content-type') ? ct.value : parentSubtype === 'digest' ? 'message/rfc822' : 'text/plain';
  const type = normalizeType(declaredType);
  const node: RawPart = {
    part: number || '1',
    type,
    declaredType,
    params: ct.params,
    dispositionParams: cd.params,
    disposition: cd.value || null,
    encoding: (h.get('content-transfer-encoding') ?? '').trim().toLowerCase(),
    body,
    children: [],
  };
  if (!type.startsWith('multipart/')) return node;
  const boundary = (ct.params.boundary ?? '').trimEnd();
  // A multipart without a usable boundary is read as plain text (RFC 2045 §5.2), as postal-mime does.
  if (!boundary || /[^\x00-\x7f]/.test(boundary)) {
    node.type = node.declaredType = 'text/plain';
    return node;
  }
  if (depth >= MAX_DEPTH) return node;
  const subtype = type.slice('multipart/'.length);
  splitMultipart(body, boundary).forEach((chunk, i) => {
    if (count.n >= MAX_PARTS) return;
    node.children.push(entity(chunk, number ? `${number}.${i + 1}` : String(i + 1), subtype, depth + 1, count));
  });
  return node;
}

/** Leaves of the tree in document order (an attached message is a leaf: its parts are not walked). */
export function leaves(root: RawPart): RawPart[] {
  const out: RawPart[] = [];
  const walk = (n: RawPart): void => {
    if (n.children.length === 0) out.push(n);
    else n.children.forEach(walk);
  };
  walk(root);
  return out;
}
