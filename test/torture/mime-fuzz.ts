// Generated-MIME fuzzer (issue 20 point 3): message `index` of seed `seed` is always the same bytes, built
// from a grammar of what real and broken mail holds — nested multiparts of every subtype, boundaries padded,
// reused, unclosed or missing, Content-Types empty, without subtype or garbage, RFC 2231 and 8-bit names,
// broken base64 and quoted-printable, attached messages — then often mutated (cut, bytes flipped, lines
// dropped or doubled, line ends mixed). `checkParsed` states what the body parser must give for any input.
// Run by the torture hostile phase (thousands of cases, hostile-child.ts) and, a few hundred, by
// test/unit/mime/mime-fuzz.test.ts.
import crypto from 'node:crypto';
import { Prng } from '../../sandbox/seed/prng';
import { buildWinmailDat } from '../corpus/tnef';
import { parseMessage } from '../../main/mime/parse-message';
import { parseRawMessage, type ParsedBody } from '../../main/sync/body-parser';

const WORDS = ['Bonjour', 'résultats', 'ordonnance', 'hémoglobine', 'Lefèvre', 'São', 'Verão', 'œdème', 'n°', '€', 'l’équipe', 'ça', 'patient', 'compte', 'rendu', '—', 'naïve', '漢字', '🙂'];
const CHARSETS = ['utf-8', 'UTF-8', 'iso-8859-1', 'windows-1252', 'iso-8859-15', 'us-ascii', 'utf-7', 'x-unknown', '', '"../../etc/passwd"', 'ISO-2022-JP', 'koi8-r'];
const LEAF_TYPES: ReadonlyArray<readonly [string | null, number]> = [
  ['text/plain', 10], ['text/html', 6], ['application/pdf', 4], ['image/png', 3], ['message/rfc822', 3], ['text/calendar', 2],
  ['application/ms-tnef', 1], ['application/pkcs7-mime', 1], ['message/delivery-status', 1], ['application/octet-stream', 2],
  ['', 2], ['text', 2], ['x/y/z', 1], [null, 2], ['TEXT/PLAIN', 1], ['text/plain garbage', 1], ['application/', 1],
];
const MULTIPART = ['mixed', 'alternative', 'related', 'digest', 'report', 'signed', 'x-unknown', 'MIXED'];
const ENCODINGS: ReadonlyArray<readonly [string | null, number]> = [
  [null, 4], ['7bit', 2], ['8bit', 3], ['base64', 6], ['quoted-printable', 4], ['binary', 1], ['x-uuencode', 1], ['BASE64', 1], ['bogus', 1],
];

function latin(s: string): string {
  return Buffer.from(s, 'utf8').toString('latin1');
}

function sentence(rng: Prng, n = rng.int(1, 12)): string {
  return Array.from({ length: n }, () => rng.pick(WORDS)).join(' ');
}

/** Text in `charset` as the latin-1 characters of its bytes (what lands in the message). */
function encodeText(rng: Prng, text: string, charset: string): string {
  if (/8859-1|1252|8859-15/i.test(charset) && rng.chance(0.8)) return Buffer.from(text.replace(/[^\u0000-\u00ff]/g, '?'), 'latin1').toString('latin1');
  return latin(text);
}

function token(rng: Prng, len = rng.int(1, 30)): string {
  const chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'()+_,-./:=?";
  return Array.from({ length: len }, () => chars[rng.int(0, chars.length - 1)]).join('');
}

function fileName(rng: Prng): string {
  const base = rng.pick(['compte-rendu', 'Résultats_biologie_Mme_Bérénice_Lefèvre', 'scan 0001', 'ordonnance', '../../etc/passwd', 'rapport\u202Efdp.exe', 'image001', 'a'.repeat(300)]);
  const ext = rng.pick(['.pdf', '.png', '.txt', '.ics', '', '.eml', '.dat']);
  const name = base + ext;
  switch (rng.int(0, 7)) {
    case 0: return `name="${name.replace(/[^\x20-\x7e]/g, '_')}"`;
    case 1: return `name="${latin(name)}"`; // raw UTF-8
    case 2: { const b = latin(name); return `name="${b.slice(0, rng.int(1, b.length))}"`; } // cut anywhere
    case 3: return `name="${Buffer.from(name.replace(/[^\u0000-\u00ff]/g, '?'), 'latin1').toString('latin1')}"`; // raw latin-1
    case 4: return `name="=?utf-8?B?${Buffer.from(name).toString('base64')}?="`;
    case 5: return `name*=utf-8''${encodeURIComponent(name)}`;
    case 6: {
      const enc = encodeURIComponent(name);
      const cut = rng.int(0, enc.length);
      return `name*0*=utf-8''${enc.slice(0, cut)}; name*${rng.pick([1, 2, 99999])}*=${enc.slice(cut)}`;
    }
    default: return `name=${token(rng)}`;
  }
}

function encodeBody(rng: Prng, body: Buffer, cte: string | null): string {
  switch ((cte ?? '').toLowerCase()) {
    case 'base64': {
      let b64 = body.toString('base64').replace(/.{76}/g, '$&\r\n');
      const r = rng.int(0, 9);
      if (r === 0) b64 = b64.slice(0, rng.int(0, b64.length)); // cut
      else if (r === 1) b64 = b64.slice(0, rng.int(0, b64.length)) + '!!***\u0000' + b64.slice(rng.int(0, b64.length));
      else if (r === 2) b64 = b64.replace(/\r\n/g, '=\r\n'); // padded lines
      else if (r === 3) b64 += `\r\n-- \r\n${latin('Analysé par l’antivirus.')}`;
      return b64;
    }
    case 'quoted-printable': {
      let qp = body.toString('latin1').replace(/[=\x80-\xff\x00-\x08]/g, (c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`).replace(/.{72}/g, '$&=\r\n');
      if (rng.chance(0.3)) qp = qp.replace(/=([0-9A-F]{2})/, '=Z$1').replace(/=\r\n/, '=') + '=';
      return qp;
    }
    default:
      return body.toString('latin1');
  }
}

function leafBody(rng: Prng, type: string, charset: string, depth: number, seed: string): Buffer {
  const t = type.toLowerCase();
  if (t.startsWith('text/html')) return Buffer.from(encodeText(rng, `<html><body><p>${sentence(rng)}</p>${rng.chance(0.2) ? '<div>'.repeat(rng.int(1, 300)) : ''}<img src="cid:img${rng.int(1, 3)}"></body></html>`, charset), 'latin1');
  if (t === 'message/rfc822') return depth < 4 ? generate(seed + ':m', depth + 1) : Buffer.from('Subject: fond\r\n\r\nfond');
  if (t === 'text/calendar') return Buffer.from('BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nSUMMARY:RCP\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n');
  if (t === 'message/delivery-status') return Buffer.from('Reporting-MTA: dns; mx.test\r\n\r\nFinal-Recipient: rfc822; x@test\r\nAction: failed\r\nStatus: 5.1.1\r\n');
  if (t === 'application/ms-tnef') {
    if (rng.chance(0.3)) return Buffer.concat([Buffer.from([0x78, 0x9f, 0x3e, 0x22]), crypto.createHash('sha512').update(seed).digest()]);
    const tnef = buildWinmailDat({ html: `<p>${sentence(rng)}</p>`, files: Array.from({ length: rng.int(0, 3) }, (_, k) => ({ name: `${rng.pick(WORDS)}-${k}.pdf`, mime: rng.chance(0.5) ? 'application/pdf' : undefined, data: Buffer.from(`%PDF-1.4 ${sentence(rng)}`) })) });
    if (rng.chance(0.3)) return tnef.subarray(0, rng.int(0, tnef.length)); // cut
    if (rng.chance(0.3)) for (let k = 0; k < 5; k++) tnef[rng.int(0, tnef.length - 1)] = rng.int(0, 255); // bytes flipped
    return tnef;
  }
  if (t === 'application/pkcs7-mime') return Buffer.from([0x30, 0x80, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, rng.pick([0x02, 0x03, 0x01]), 0xa0, 0x80]);
  if (t.startsWith('text') || t === '' ) return Buffer.from(encodeText(rng, sentence(rng, rng.int(1, 60)), charset), 'latin1');
  const n = rng.int(0, 2000);
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) out[i] = rng.int(0, 255);
  return t === 'application/pdf' ? Buffer.concat([Buffer.from('%PDF-1.4\n'), out]) : out;
}

function boundaryLine(rng: Prng, b: string, closing: boolean): string {
  const pad = rng.chance(0.2) ? rng.pick([' ', '\t', '  ', ' \t']) : '';
  return `--${b}${closing ? '--' : ''}${pad}`;
}

function entity(rng: Prng, depth: number, seed: string, parent: string | null, parentBoundary: string | null): string {
  const headers: string[] = [];
  const multipart = depth < 5 && rng.chance(depth === 0 ? 0.7 : 0.35);
  if (multipart) {
    const sub = rng.pick(MULTIPART);
    let b = rng.chance(0.1) && parentBoundary ? parentBoundary : rng.chance(0.1) ? `${token(rng)} ` : token(rng, rng.int(1, 60));
    if (rng.chance(0.03)) b = latin('frontière-é');
    const quoted = rng.chance(0.6) || /[\s()<>@,;:\\"/[\]?=]/.test(b);
    headers.push(rng.chance(0.05) ? `Content-Type: multipart/${sub}` : `Content-Type: multipart/${sub};${rng.chance(0.3) ? '\r\n\t' : ' '}boundary=${quoted ? `"${b}"` : b}${sub === 'report' ? '; report-type=delivery-status' : ''}`);
    const n = rng.int(0, 5);
    const parts: string[] = [];
    if (rng.chance(0.3)) parts.push('This is a multi-part message in MIME format.');
    for (let i = 0; i < n; i++) {
      parts.push(boundaryLine(rng, b, false));
      parts.push(entity(rng, depth + 1, `${seed}.${i}`, sub.toLowerCase(), b));
    }
    if (rng.chance(0.85)) parts.push(boundaryLine(rng, b, true));
    if (rng.chance(0.2)) parts.push('epilogue');
    return `${headers.join('\r\n')}\r\n\r\n${parts.join('\r\n')}\r\n`;
  }
  const type = rng.weighted(LEAF_TYPES);
  const charset = rng.pick(CHARSETS);
  const cte = rng.weighted(ENCODINGS);
  if (type !== null || parent !== 'digest' || rng.chance(0.5)) {
    const params = [charset && rng.chance(0.7) ? `charset=${charset}` : '', rng.chance(0.4) ? fileName(rng) : ''].filter(Boolean);
    if (type !== null) headers.push(`Content-Type: ${type}${params.length ? `; ${params.join('; ')}` : ''}`);
  }
  if (cte) headers.push(`Content-Transfer-Encoding: ${cte}`);
  if (rng.chance(0.3)) headers.push(`Content-Disposition: ${rng.pick(['attachment', 'inline', 'attachment garbage', '', 'INLINE'])}${rng.chance(0.5) ? `; ${fileName(rng).replace(/^name/, 'filename')}` : ''}`);
  if (rng.chance(0.15)) headers.push(`Content-ID: <img${rng.int(1, 3)}@fuzz>`);
  if (rng.chance(0.05)) headers.push(`Content-Type: text/html`); // a second Content-Type
  const body = encodeBody(rng, leafBody(rng, type ?? (parent === 'digest' ? 'message/rfc822' : 'text/plain'), charset, depth, seed), cte);
  return `${headers.join('\r\n')}${headers.length ? '\r\n' : ''}\r\n${body}`;
}

function topHeaders(rng: Prng, index: string): string {
  const subject = sentence(rng, rng.int(0, 6));
  const subj = rng.pick([latin(subject), Buffer.from(subject.replace(/[^\u0000-\u00ff]/g, '?'), 'latin1').toString('latin1'), `=?utf-8?Q?${encodeURIComponent(subject).replace(/%/g, '=')}?=`, `=?iso-8859-1?B?${Buffer.from(subject.replace(/[^\u0000-\u00ff]/g, '?'), 'latin1').toString('base64')}?=`]);
  const lines = [
    `From: ${rng.chance(0.1) ? 'MISSING_MAILBOX@MISSING_DOMAIN' : `"${latin(rng.pick(WORDS))}" <exp${rng.int(1, 9)}@fuzz.test>`}`,
    'To: dest@test.mssante.fr',
    `Subject: ${subj}`,
    `Date: ${rng.pick(['Mon, 2 Feb 2026 10:00:00 +0100', 'Thu, 01 Jan 1970 00:00:00 +0000', '31 Dec 1969 23:59:59 H0500', 'garbage', ''])}`,
    `Message-ID: <fuzz.${index}@fuzz.test>`,
  ];
  if (rng.chance(0.05)) lines.push(`Subject: second ${token(rng)}`);
  if (rng.chance(0.9)) lines.push('MIME-Version: 1.0');
  return lines.join('\r\n');
}

function generate(seed: string, depth: number): Buffer {
  const rng = new Prng(seed);
  return Buffer.from(`${topHeaders(rng, seed)}\r\n${entity(rng, depth, seed, null, null)}`, 'latin1');
}

function mutate(rng: Prng, raw: Buffer): Buffer {
  let b = Buffer.from(raw);
  const k = rng.int(1, 3);
  for (let j = 0; j < k; j++) {
    switch (rng.int(0, 5)) {
      case 0: b = b.subarray(0, rng.int(0, b.length)); break; // cut in transit
      case 1: for (let i = 0; i < rng.int(1, 20) && b.length; i++) b[rng.int(0, b.length - 1)] = rng.int(0, 255); break;
      case 2: b = Buffer.from(b.toString('latin1').replace(/\r\n/g, () => (rng.chance(0.5) ? '\n' : '\r\n')), 'latin1'); break;
      case 3: { const lines = b.toString('latin1').split('\r\n'); lines.splice(rng.int(0, lines.length), 1); b = Buffer.from(lines.join('\r\n'), 'latin1'); break; }
      case 4: { const lines = b.toString('latin1').split('\r\n'); const i = rng.int(0, lines.length - 1); lines.splice(i, 0, lines[i] ?? ''); b = Buffer.from(lines.join('\r\n'), 'latin1'); break; }
      default: b = Buffer.concat([b.subarray(0, rng.int(0, b.length)), Buffer.from([0]), b.subarray(rng.int(0, b.length))]);
    }
  }
  return b;
}

/** Case `index` of `seed`: the same bytes at every run. */
export function generateMimeCase(seed: number, index: number): Buffer {
  const key = `mime-fuzz:${seed}:${index}`;
  const raw = generate(key, 0);
  const rng = new Prng(`${key}:mutate`);
  return rng.chance(0.35) ? mutate(rng, raw) : raw;
}

const MIME = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/;

/** What the body parser must give for any input; null when it holds, else what broke. */
export function checkParsed(raw: Buffer, p: ParsedBody): string | null {
  if (p.text !== null && typeof p.text !== 'string') return 'text is neither a string nor null';
  if (p.html !== null && typeof p.html !== 'string') return 'html is neither a string nor null';
  if (p.rawSize !== raw.length) return `rawSize ${p.rawSize} ≠ ${raw.length}`;
  const keys = new Set<string>();
  for (const a of p.attachments) {
    if (!a.part || keys.has(a.part)) return `attachment key missing or repeated: ${a.part}`;
    keys.add(a.part);
    if (!Buffer.isBuffer(a.data)) return `attachment ${a.part} without content`;
    if (a.size !== a.data.length) return `attachment ${a.part}: size ${a.size} ≠ ${a.data.length}`;
    if (a.sha256 !== crypto.createHash('sha256').update(a.data).digest('hex')) return `attachment ${a.part}: wrong SHA-256`;
    if (!MIME.test(a.mime)) return `attachment ${a.part}: type ${JSON.stringify(a.mime)}`;
    if (!a.filename || !a.filename.trim()) return `attachment ${a.part} without a name`;
    if (/[\u0000-\u001f\u007f]/.test(a.filename)) return `attachment ${a.part}: control character in its name`;
    if (typeof a.damaged !== 'boolean') return `attachment ${a.part}: damaged is not a boolean`;
  }
  return null;
}

export interface FuzzOutcome {
  /** What broke, or null. */
  failure: string | null;
  /** postal-mime refused the message (limits): kept as its source, allowed but counted. */
  refused: boolean;
  attachments: number;
  damaged: number;
  /** What the pipeline would store (null when the parser threw). */
  body: ParsedBody | null;
}

/** One case through the parser itself (which must not throw: the pipeline's catch-all would hide it)
 *  and through the pipeline's entry point. */
export async function fuzzOne(raw: Buffer): Promise<FuzzOutcome> {
  let refused = false;
  try {
    refused = (await parseMessage(raw)) === null;
  } catch (e) {
    return { failure: `parser threw ${(e as Error)?.name}: ${String((e as Error)?.message).slice(0, 120)}`, refused, attachments: 0, damaged: 0, body: null };
  }
  const p = await parseRawMessage(raw);
  return { failure: checkParsed(raw, p), refused, attachments: p.attachments.length, damaged: p.attachments.filter((a) => a.damaged).length, body: p };
}
