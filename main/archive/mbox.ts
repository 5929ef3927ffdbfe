// mbox export in the mboxrd flavour: each message starts with a "From " separator line; in the body every
// line matching /^>*From / gets one more ">" (reversible, unlike mboxo). Line endings are kept as received.
import { Readable } from 'node:stream';

export interface MboxEntry {
  raw: Buffer;
  /** Envelope sender for the separator line (bare address, "MAILER-DAEMON" when unknown). */
  sender?: string | null;
  date: number;
}

const FROM_LINE = /^>*From /;

/** asctime() date of the separator line, in UTC: "Mon Jan  5 09:03:00 2026". */
export function asctime(ms: number): string {
  const d = new Date(ms);
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${day} ${mon} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

function cleanSender(s: string | null | undefined): string {
  const v = (s ?? '').replace(/[\s<>]/g, '');
  return v && v.length <= 254 ? v : 'MAILER-DAEMON';
}

/** One message as an mboxrd record (separator, quoted lines, blank line after). */
export function mboxrdRecord(e: MboxEntry): Buffer {
  const parts: Buffer[] = [Buffer.from(`From ${cleanSender(e.sender)} ${asctime(e.date)}\n`, 'latin1')];
  let start = 0;
  const raw = e.raw;
  while (start < raw.length) {
    let end = raw.indexOf(0x0a, start);
    end = end === -1 ? raw.length : end + 1;
    const line = raw.subarray(start, end);
    if (FROM_LINE.test(line.subarray(0, Math.min(line.length, 64)).toString('latin1'))) parts.push(Buffer.from('>'));
    parts.push(line);
    start = end;
  }
  if (raw.length > 0 && raw[raw.length - 1] !== 0x0a) parts.push(Buffer.from('\n'));
  parts.push(Buffer.from('\n'));
  return Buffer.concat(parts);
}

export function toMboxrd(entries: Iterable<MboxEntry>): Buffer {
  const out: Buffer[] = [];
  for (const e of entries) out.push(mboxrdRecord(e));
  return Buffer.concat(out);
}

export function mboxrdStream(entries: Iterable<MboxEntry>): Readable {
  return Readable.from((function* () {
    for (const e of entries) yield mboxrdRecord(e);
  })());
}

/**
 * Splits an mboxrd file back into messages (separator lines removed, one ">" removed from quoted lines,
 * the blank line the writer added dropped). Used by tests and to check an export.
 */
export function parseMboxrd(data: Buffer): Buffer[] {
  const messages: Buffer[][] = [];
  let current: Buffer[] | null = null;
  let start = 0;
  while (start < data.length) {
    let end = data.indexOf(0x0a, start);
    end = end === -1 ? data.length : end + 1;
    const line = data.subarray(start, end);
    const head = line.subarray(0, Math.min(line.length, 64)).toString('latin1');
    if (head.startsWith('From ')) {
      current = [];
      messages.push(current);
    } else if (current) {
      current.push(FROM_LINE.test(head) && head.startsWith('>') ? line.subarray(1) : line);
    }
    start = end;
  }
  return messages.map((lines) => {
    const last = lines[lines.length - 1];
    if (last && last.length === 1 && last[0] === 0x0a) lines.pop(); // separator blank line
    return Buffer.concat(lines);
  });
}
