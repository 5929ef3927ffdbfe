import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { buildMdn } from '../../../main/send/mdn-message';
import { applyStatus, type OutboxMeta } from '../../../main/send/outbox-meta';
import { extractReport, parseReportMessage } from '../../../main/send/reports';

// A FAILURE DSN as Postfix writes it (bounce(8) with NOTIFY and ENVID), headers returned.
const POSTFIX_DSN = [
  'Return-Path: <>',
  'From: MAILER-DAEMON@smtp.test.mssante.fr (Mail Delivery System)',
  'Subject: Undelivered Mail Returned to Sender',
  'To: cabinet.saint-roch@test.mssante.fr',
  'Auto-Submitted: auto-replied',
  'MIME-Version: 1.0',
  'Content-Type: multipart/report; report-type=delivery-status;',
  '\tboundary="4F1A2B3C.1700000000/smtp.test.mssante.fr"',
  'Message-Id: <20261122090000.4F1A2B3C@smtp.test.mssante.fr>',
  '',
  'This is a MIME-encapsulated message.',
  '',
  '--4F1A2B3C.1700000000/smtp.test.mssante.fr',
  'Content-Description: Notification',
  'Content-Type: text/plain; charset=us-ascii',
  '',
  'This is the mail system at host smtp.test.mssante.fr.',
  '',
  "I'm sorry to have to inform you that your message could not",
  'be delivered to one or more recipients.',
  '',
  '<ghost@test.mssante.fr>: host 127.0.0.1[127.0.0.1] said: 550 5.1.1',
  '    <ghost@test.mssante.fr> User doesn\'t exist (in reply to RCPT TO command)',
  '',
  '--4F1A2B3C.1700000000/smtp.test.mssante.fr',
  'Content-Description: Delivery report',
  'Content-Type: message/delivery-status',
  '',
  'Reporting-MTA: dns; smtp.test.mssante.fr',
  'X-Postfix-Queue-ID: 4F1A2B3C',
  'X-Postfix-Sender: rfc822; cabinet.saint-roch@test.mssante.fr',
  'Original-Envelope-Id: 0b7f6c1e-2d1f-4c55-9a53-3b8a4c1d2e3f',
  'Arrival-Date: Sun, 22 Nov 2026 09:00:00 +0000 (UTC)',
  '',
  'Final-Recipient: rfc822; ghost@test.mssante.fr',
  'Original-Recipient: rfc822;ghost@test.mssante.fr',
  'Action: failed',
  'Status: 5.1.1',
  'Remote-MTA: dns; 127.0.0.1',
  "Diagnostic-Code: smtp; 550 5.1.1 <ghost@test.mssante.fr> User doesn't exist",
  '',
  '--4F1A2B3C.1700000000/smtp.test.mssante.fr',
  'Content-Description: Undelivered Message Headers',
  'Content-Type: text/rfc822-headers',
  '',
  'From: Cabinet <cabinet.saint-roch@test.mssante.fr>',
  'To: ghost@test.mssante.fr',
  'Subject: test',
  'Message-ID: <0b7f6c1e-2d1f-4c55-9a53-3b8a4c1d2e3f@test.mssante.fr>',
  '',
  '--4F1A2B3C.1700000000/smtp.test.mssante.fr--',
  '',
].join('\r\n');

// The sandbox corpus' MDN sample (sandbox/seed/corpus.ts 'mdn').
const CORPUS_MDN = [
  'From: dr.x@chu-exemple.mssante.fr',
  'To: alice.martin@test.mssante.fr',
  'Subject: =?utf-8?Q?Accus=C3=A9_de_lecture?=',
  'MIME-Version: 1.0',
  'Content-Type: multipart/report; boundary="MDN1"; report-type=disposition-notification',
  '',
  '--MDN1',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Le message a été affiché par le destinataire.',
  '--MDN1',
  'Content-Type: message/disposition-notification',
  '',
  'Reporting-UA: chu-exemple.mssante.fr; Messagerie MSSante',
  'Final-Recipient: rfc822;dr.x@chu-exemple.mssante.fr',
  'Original-Message-ID: <orig-abc@test.mssante.fr>',
  'Disposition: manual-action/MDN-sent-manually; displayed',
  '',
  '--MDN1--',
  '',
].join('\r\n');

/** What the cache keeps of a message: mailparser's text and attachments (as the sync engine stores them). */
async function cachedForm(raw: string | Buffer) {
  const p = await simpleParser(typeof raw === 'string' ? Buffer.from(raw) : raw);
  return { text: p.text ?? null, attachments: p.attachments.map((a) => ({ mime: a.contentType, data: a.content })) };
}

describe('DSN parsing', () => {
  it('reads envelope id, original Message-ID and per-recipient action/status from a raw Postfix report', async () => {
    const r = await parseReportMessage(Buffer.from(POSTFIX_DSN));
    expect(r).toEqual({
      kind: 'dsn',
      envelopeId: '0b7f6c1e-2d1f-4c55-9a53-3b8a4c1d2e3f',
      originalMessageId: '<0b7f6c1e-2d1f-4c55-9a53-3b8a4c1d2e3f@test.mssante.fr>',
      recipients: [{ address: 'ghost@test.mssante.fr', originalRecipient: 'ghost@test.mssante.fr', action: 'failed', status: '5.1.1', diagnostic: "smtp; 550 5.1.1 <ghost@test.mssante.fr> User doesn't exist" }],
    });
  });

  it('reads the same report from its cached form (delivery-status merged into the text)', async () => {
    const r = extractReport(await cachedForm(POSTFIX_DSN));
    expect(r).toMatchObject({ kind: 'dsn', envelopeId: '0b7f6c1e-2d1f-4c55-9a53-3b8a4c1d2e3f', recipients: [{ address: 'ghost@test.mssante.fr', action: 'failed', status: '5.1.1' }] });
  });

  it('an ordinary message is not a report', async () => {
    expect(extractReport(await cachedForm('From: a@b.fr\r\nSubject: x\r\n\r\nAction: rien\r\n'))).toBeNull();
  });
});

describe('MDN parsing and building', () => {
  it('parses the corpus sample (raw and cached forms)', async () => {
    const expected = { kind: 'mdn', originalMessageId: '<orig-abc@test.mssante.fr>', finalRecipient: 'dr.x@chu-exemple.mssante.fr', type: 'displayed', disposition: 'manual-action/MDN-sent-manually; displayed' };
    expect(await parseReportMessage(Buffer.from(CORPUS_MDN))).toMatchObject(expected);
    expect(extractReport(await cachedForm(CORPUS_MDN))).toMatchObject(expected);
  });

  it('builds an RFC 8098 MDN that parses back', async () => {
    const raw = await buildMdn({
      bal: 'alice.martin@test.mssante.fr', fromLabel: 'Dr_Alice_MARTIN', to: 'cabinet.saint-roch@test.mssante.fr',
      originalMessageId: '<o1@test.mssante.fr>', originalSubject: 'Résultat', originalDate: Date.UTC(2026, 10, 22, 9), mode: 'manual',
      nil: 'MessagerieMSSante/0.1', messageId: '<m1@test.mssante.fr>', date: new Date(),
    });
    const text = raw.toString('utf8');
    expect(text).toMatch(/Content-Type: multipart\/report;\s*report-type=disposition-notification/i);
    expect(text).toContain('Disposition: manual-action/MDN-sent-manually; displayed');
    expect(text).toMatch(/^X-MSS-NIL: MessagerieMSSante\/0\.1$/m);
    const r = await parseReportMessage(raw);
    expect(r).toMatchObject({ kind: 'mdn', originalMessageId: '<o1@test.mssante.fr>', finalRecipient: 'alice.martin@test.mssante.fr', type: 'displayed' });
    const auto = await buildMdn({
      bal: 'a@test.mssante.fr', fromLabel: 'A', to: 'b@test.mssante.fr', originalMessageId: '<o2@x>', originalSubject: 's', originalDate: 0,
      mode: 'automatic', nil: 'N', messageId: '<m2@x>', date: new Date(),
    });
    expect(auto.toString()).toContain('Disposition: automatic-action/MDN-sent-automatically; displayed');
  });
});

describe('recipient status', () => {
  const meta = (): OutboxMeta => ({
    kind: 'message', messageId: '<x@y>', envelopeId: 'x', bal: 'b@y', subject: '', to: ['a@y'], cc: [], bcc: [], sentBy: null,
    requestDsn: true, requestReadReceipt: true, recipients: { 'a@y': { address: 'a@y', status: 'pending', detail: null, at: null } },
  });
  it('stronger statuses win; failed is final; a report applied twice changes nothing', () => {
    const m = meta();
    expect(applyStatus(m, 'A@y', 'delayed', 'd', 1)).toBe(true);
    expect(applyStatus(m, 'a@y', 'delivered', 'ok', 2)).toBe(true);
    expect(applyStatus(m, 'a@y', 'delayed', 'd', 3)).toBe(false);
    expect(applyStatus(m, 'a@y', 'read', 'lu', 4)).toBe(true);
    expect(applyStatus(m, 'a@y', 'read', 'lu', 4)).toBe(false);
    expect(m.recipients['a@y']).toMatchObject({ status: 'read', at: 4 });
    const f = meta();
    applyStatus(f, 'a@y', 'failed', '5.1.1', 1);
    expect(applyStatus(f, 'a@y', 'delivered', 'x', 2)).toBe(false);
  });
});
