// Builds the RFC 5322 message of an outbox item with nodemailer's MailComposer: UTF-8 text and HTML
// alternatives, attachments (contents only: file and URL access disabled), Message-ID made at queue time,
// In-Reply-To / References, Date, MSSanté headers, Disposition-Notification-To when a read receipt is asked,
// Sender when a delegate sends from the BAL she was delegated on.
import crypto from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Recipient } from './addresses';

export interface BuildAttachment {
  filename: string;
  mime: string;
  content: Buffer;
}

export interface BuildInput {
  bal: string;
  fromLabel: string;
  /**
   * RFC 5322 §3.6.2: the person who sends from someone else's BAL (a delegate): From stays the BAL, Sender
   * names her. Absent when the person is the BAL's titular or co-titular.
   */
  sender?: Recipient | null;
  to: Recipient[];
  cc: Recipient[];
  /** Written in the header only for a draft copy (a sent message never shows its Bcc). */
  draftBcc?: Recipient[];
  subject: string;
  html: string;
  text: string;
  attachments: BuildAttachment[];
  /** A forwarded message attached whole (message/rfc822). */
  attachedMessage?: { raw: Buffer; filename: string } | null;
  inReplyTo?: string | null;
  references?: string[];
  mssHeaders: Record<string, string>;
  requestReadReceipt: boolean;
  messageId: string;
  date: Date;
}

/** `<uuid@domain-of-the-BAL>` */
export function newMessageId(bal: string): string {
  const domain = bal.split('@')[1]?.toLowerCase() || 'localhost';
  return `<${crypto.randomUUID()}@${domain}>`;
}

export { envelopeIdOf } from '../store/send-queries';

const addr = (r: Recipient) => (r.name ? { name: r.name, address: r.address } : r.address);

export async function buildMessage(input: BuildInput): Promise<Buffer> {
  const headers: Record<string, string> = { ...input.mssHeaders };
  if (input.requestReadReceipt) headers['Disposition-Notification-To'] = input.bal;
  const attachments = input.attachments.map((a) => ({
    filename: a.filename,
    contentType: a.mime || 'application/octet-stream',
    content: a.content,
  }));
  if (input.attachedMessage) {
    // nodemailer makes a message part inline by default: an attached message is an attachment.
    attachments.push({ filename: input.attachedMessage.filename, contentType: 'message/rfc822', content: input.attachedMessage.raw, contentDisposition: 'attachment' } as (typeof attachments)[number]);
  }
  const composer = new MailComposer({
    from: { name: input.fromLabel, address: input.bal },
    sender: input.sender ? addr(input.sender) : undefined,
    to: input.to.map(addr),
    cc: input.cc.length ? input.cc.map(addr) : undefined,
    bcc: input.draftBcc?.length ? input.draftBcc.map(addr) : undefined,
    subject: input.subject,
    text: input.text,
    html: input.html || undefined,
    attachments,
    messageId: input.messageId,
    date: input.date,
    inReplyTo: input.inReplyTo ?? undefined,
    references: input.references && input.references.length ? input.references : undefined,
    headers,
    textEncoding: 'quoted-printable',
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const node = composer.compile();
  if (input.draftBcc?.length) node.keepBcc = true;
  return mssHeaderCase(await node.build());
}

/** nodemailer writes `X-Mss-Nil`; the MSSanté documents spell these fields in capitals: keep that spelling. */
export function mssHeaderCase(raw: Buffer): Buffer {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return raw;
  const head = raw.subarray(0, end).toString('latin1').replace(/^X-Mss-(Nil|Codecda|Ins|Mes):/gim, (_m, n: string) => `X-MSS-${n.toUpperCase()}:`);
  return Buffer.concat([Buffer.from(head, 'latin1'), raw.subarray(end)]);
}
