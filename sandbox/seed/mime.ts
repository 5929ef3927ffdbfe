// Small deterministic RFC 5322 / MIME builder for seed messages (UTF-8, encoded words, base64 parts).
import { createHash } from 'node:crypto';
export interface Address {
  name?: string;
  address: string;
}

export interface Attachment {
  filename: string;
  contentType: string;
  data: Buffer;
  /** Inline part with a Content-ID (for cid: images). */
  cid?: string;
}

export interface MessageSpec {
  from: Address;
  to: Address[];
  cc?: Address[];
  subject: string;
  date: Date;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  text?: string;
  html?: string;
  attachments?: Attachment[];
  headers?: Array<[string, string]>;
  /** Replaces the body structure entirely (e.g. multipart/report): full part with its headers. */
  rawBody?: { contentType: string; body: string };
}

const needsEncoding = (s: string) => /[^\x20-\x7e]/.test(s);

/** RFC 2047 encoded words (base64), split on character boundaries. */
export function encodeWord(s: string): string {
  if (!needsEncoding(s)) return s;
  const words: string[] = [];
  let chunk = '';
  for (const ch of s) {
    if (Buffer.byteLength(chunk + ch) > 42) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join('\r\n ');
}

export function formatAddress(a: Address): string {
  if (!a.name) return `<${a.address}>`;
  const name = needsEncoding(a.name) ? encodeWord(a.name) : /[(),.:;<>@[\]"]/.test(a.name) ? `"${a.name.replace(/"/g, '\\"')}"` : a.name;
  return `${name} <${a.address}>`;
}

export function base64Lines(data: Buffer): string {
  return (data.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

function normalizeText(s: string): string {
  return s.replace(/\r?\n/g, '\r\n');
}

/** Boundary derived from the content: deterministic, and distinct for nested multiparts. */
function boundary(seed: string, parts: string[], subtype: string): string {
  const h = createHash('sha1').update(seed).update(subtype);
  for (const p of parts) h.update(p);
  return `=_seed_${h.digest('hex').slice(0, 24)}`;
}

function textPart(type: 'plain' | 'html', body: string): string {
  return `Content-Type: text/${type}; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${normalizeText(body)}\r\n`;
}

function attachmentPart(a: Attachment): string {
  const fname = encodeWord(a.filename);
  const disp = a.cid ? 'inline' : 'attachment';
  return (
    `Content-Type: ${a.contentType}; name="${fname}"\r\n` +
    `Content-Transfer-Encoding: base64\r\n` +
    `Content-Disposition: ${disp}; filename="${fname}"\r\n` +
    (a.cid ? `Content-ID: <${a.cid}>\r\n` : '') +
    `\r\n${base64Lines(a.data)}\r\n`
  );
}

function multipart(subtype: string, parts: string[], seed: string, params = ''): { contentType: string; body: string } {
  const b = boundary(seed, parts, subtype);
  return {
    contentType: `multipart/${subtype}; boundary="${b}"${params}`,
    body: parts.map((p) => `--${b}\r\n${p}`).join('') + `--${b}--\r\n`,
  };
}

export function buildMessage(m: MessageSpec): Buffer {
  const h: string[] = [
    `From: ${formatAddress(m.from)}`,
    `To: ${m.to.map(formatAddress).join(',\r\n ')}`,
    ...(m.cc?.length ? [`Cc: ${m.cc.map(formatAddress).join(',\r\n ')}`] : []),
    `Subject: ${encodeWord(m.subject)}`,
    `Date: ${m.date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${m.messageId}>`,
    ...(m.inReplyTo ? [`In-Reply-To: <${m.inReplyTo}>`] : []),
    ...(m.references?.length ? [`References: ${m.references.map((r) => `<${r}>`).join('\r\n ')}`] : []),
    'MIME-Version: 1.0',
    ...(m.headers ?? []).map(([k, v]) => `${k}: ${v}`),
  ];
  let top: { contentType: string; body: string };
  if (m.rawBody) top = m.rawBody;
  else {
    const alt =
      m.html && m.text
        ? (() => {
            const mp = multipart('alternative', [textPart('plain', m.text!), textPart('html', m.html!)], m.messageId);
            return `Content-Type: ${mp.contentType}\r\n\r\n${mp.body}`;
          })()
        : m.html
          ? textPart('html', m.html)
          : textPart('plain', m.text ?? '');
    const atts = m.attachments ?? [];
    if (!atts.length) {
      const sep = alt.indexOf('\r\n\r\n');
      const headLines = alt.slice(0, sep);
      top = { contentType: '', body: alt.slice(sep + 4) };
      h.push(headLines);
    } else {
      top = multipart('mixed', [alt, ...atts.map(attachmentPart)], m.messageId);
    }
  }
  if (top.contentType) h.push(`Content-Type: ${top.contentType}`);
  return Buffer.from(`${h.join('\r\n')}\r\n\r\n${top.body}`, 'utf8');
}

export { multipart, textPart };
