// Builds an MDN (RFC 8098): multipart/report; report-type=disposition-notification with a human-readable
// part and the machine-readable message/disposition-notification part.
import MimeNode from 'nodemailer/lib/mime-node';
import { mssHeaderCase } from './build-message';

export interface MdnInput {
  bal: string;
  fromLabel: string;
  /** The delegate answering from the BAL (RFC 5322 §3.6.2 Sender); absent for its titular. */
  sender?: { name: string | null; address: string } | null;
  /** Disposition-Notification-To address of the received message. */
  to: string;
  originalMessageId: string | null;
  originalSubject: string;
  originalDate: number;
  mode: 'manual' | 'automatic';
  nil: string;
  messageId: string;
  date: Date;
}

export function dispositionOf(mode: 'manual' | 'automatic'): string {
  return mode === 'manual' ? 'manual-action/MDN-sent-manually; displayed' : 'automatic-action/MDN-sent-automatically; displayed';
}

export async function buildMdn(input: MdnInput): Promise<Buffer> {
  // The workstation's time zone (overseas practices are not in Paris time).
  const when = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short' }).format(new Date(input.originalDate));
  const human =
    `Le message « ${input.originalSubject} » envoyé le ${when} à ${input.bal} a été affiché par le destinataire.\r\n` +
    `Cela ne garantit pas qu'il a été lu ou compris.\r\n`;
  const fields = [
    `Reporting-UA: ${input.bal.split('@')[1] ?? 'localhost'}; ${input.nil}`,
    `Final-Recipient: rfc822;${input.bal}`,
    ...(input.originalMessageId ? [`Original-Message-ID: ${input.originalMessageId}`] : []),
    `Disposition: ${dispositionOf(input.mode)}`,
  ].join('\r\n') + '\r\n';
  const root = new MimeNode('multipart/report; report-type=disposition-notification', { disableFileAccess: true, disableUrlAccess: true });
  root.setHeader('From', { name: input.fromLabel, address: input.bal } as never);
  if (input.sender) root.setHeader('Sender', (input.sender.name ? { name: input.sender.name, address: input.sender.address } : input.sender.address) as never);
  root.setHeader('To', input.to);
  root.setHeader('Subject', `Accusé de lecture : ${input.originalSubject}`.slice(0, 900));
  root.setHeader('Message-ID', input.messageId);
  root.setHeader('Date', input.date.toUTCString().replace(/GMT/, '+0000'));
  root.setHeader('X-MSS-NIL', input.nil);
  if (input.originalMessageId) {
    root.setHeader('In-Reply-To', input.originalMessageId);
    root.setHeader('References', input.originalMessageId);
  }
  if (input.mode === 'automatic') root.setHeader('Auto-Submitted', 'auto-replied');
  root.createChild('text/plain; charset=utf-8').setContent(human);
  root.createChild('message/disposition-notification').setContent(fields);
  return mssHeaderCase(await root.build());
}
