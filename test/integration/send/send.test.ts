// The sending side against the sandbox operator (Postfix submission + Dovecot), with real PSC tokens of the
// secretary Claire PETIT (delegate on the cabinet's, Dr MARTIN's and the reception's BALs, not on Dr DURAND's).
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ComposeDraft } from '../../../shared/types';
import { buildXdmZip } from '../../../sandbox/seed/xdm';
import { readMeta } from '../../../main/send/outbox-meta';
import { writesOn } from '../../../main/store/app-writes';
import { sendOverSmtp } from '../../../main/send/smtp';
import { HOST, PORTS } from '../../../sandbox/config';
import { startProxy, type Proxy } from '../sync/helpers';
import { ALICE, BOB, CA, CABINET, bal, claireSession, countOnServer, harness, rawOnServer, sleep, sql, waitFor, type Harness } from './helpers';

const unique = (p: string) => `${p} ${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`;

function draft(o: Partial<ComposeDraft> = {}): ComposeDraft {
  return {
    bal: CABINET, to: [ALICE], cc: [], bcc: [], subject: unique('Envoi test'), html: '<p>Bonjour Docteur, résultats ci-joints.</p>', text: '',
    attachments: [], requestDsn: false, requestReadReceipt: false, patientNoReply: false, ...o,
  };
}

const xdm = buildXdmZip(
  { nom: 'DUPONT', prenom: 'Jeanne', sexe: 'F', naissance: '31/01/1980', ins: '280017512345678' },
  { code: '11502-2', label: 'Compte rendu de biologie', author: { name: 'Dr Alice MARTIN', idNat: '810001234567', org: 'Cabinet' }, date: new Date(), lines: ['Hb 13,5'], uniqueId: `1.2.250.1.999.${Date.now()}` },
).zip;

let h: Harness;
beforeAll(() => {
  h = harness();
});
beforeEach(() => {
  h.session.value = claireSession();
});
afterAll(() => h.close());

describe('sending through the operator', () => {
  it('the secretary sends from the cabinet BAL with attachments: alice receives it intact with the X-MSS headers; one \\Seen copy in Sent', async () => {
    const s = h.service();
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 256))]);
    const view = await s.send(draft({
      subject: unique('Résultats été – Mme DUPONT'),
      attachments: [
        { filename: 'IHE_XDM.zip', mime: 'application/zip', contentBase64: xdm.toString('base64') },
        { filename: 'ordonnance é.pdf', mime: 'application/pdf', contentBase64: pdf.toString('base64') },
      ],
    }));
    expect(view.state).toBe('queued');
    expect(view.sentBy).toEqual({ idNat: '810101234560', name: 'Claire PETIT' });
    await s.kick();
    const item = h.writer.getOutboxByMessageId(view.messageId);
    expect(item).toMatchObject({ state: 'sent', appendedToSent: true, attempts: 1 });

    const received = await waitFor(() => rawOnServer(ALICE, 'INBOX', view.messageId));
    const m = await simpleParser(received.raw);
    expect(m.subject).toBe(view.subject);
    expect(m.from?.value[0]).toEqual({ name: 'Cabinet médical Saint-Roch', address: CABINET });
    // A delegate sends: Sender names her (RFC 5322 §3.6.2), From stays the BAL.
    expect(m.headers.get('sender')).toMatchObject({ value: [{ name: 'Claire PETIT', address: CABINET }] });
    expect(m.html).toContain('résultats ci-joints');
    expect(m.text).toContain('résultats ci-joints');
    expect(m.headers.get('x-mss-nil')).toBe('MessagerieMSSante/0.1');
    expect(m.headers.get('x-mss-codecda')).toBe('11502-2');
    expect(m.headers.get('x-mss-ins')).toBe('O');
    expect(m.attachments.find((a) => a.filename === 'IHE_XDM.zip')!.content.equals(xdm)).toBe(true);
    expect(m.attachments.find((a) => a.filename === 'ordonnance é.pdf')!.content.equals(pdf)).toBe(true);

    const sent = await rawOnServer(CABINET, 'Sent', view.messageId);
    expect(sent?.flags.has('\\Seen')).toBe(true);
    expect(await countOnServer(CABINET, 'Sent', view.messageId)).toBe(1);

    const audit = h.reader.listAudit({ bal: CABINET }).filter((a) => a.target === view.messageId);
    expect(audit.map((a) => [a.action, a.result, a.idnat])).toEqual([['send.queue', 'ok', '810101234560'], ['send', 'ok', '810101234560']]);
    expect(JSON.stringify(audit)).not.toContain('Mme DUPONT');
    expect(s.listOutbox(CABINET).find((o) => o.messageId === view.messageId)).toMatchObject({ state: 'sent', sentBy: { name: 'Claire PETIT' } });
    expect(h.events.some((e) => e.name === 'outbox.changed')).toBe(true);
  });

  it('refuses a BAL she may not open (locally), and the operator refuses one she is not delegated on', async () => {
    const s = h.service();
    const local = await s.send(draft({ bal: BOB })).catch((e: unknown) => e);
    expect(local).toMatchObject({ code: 'send.bal-not-allowed' });
    expect((local as Error).message).toMatch(/^Vous n'êtes pas autorisé\(e\) à envoyer depuis cette boîte aux lettres/);

    // Stale local rights: the BAL still listed, the operator decides.
    h.mailboxes.push(bal(BOB));
    try {
      const view = await s.send(draft({ bal: BOB }));
      await s.kick();
      const item = h.writer.getOutboxByMessageId(view.messageId)!;
      expect(item.state).toBe('failed');
      const shown = s.listOutbox(BOB).find((o) => o.messageId === view.messageId)!;
      expect(shown.error).toMatch(/^Vous n'êtes pas autorisé\(e\) à envoyer depuis cette boîte aux lettres/);
      expect(h.reader.listAudit({ bal: BOB }).find((a) => a.target === view.messageId && a.action === 'send')?.result).toBe('denied');
    } finally {
      h.mailboxes.pop();
    }
  });

  it('validates before queueing: no recipient, bad address, too large towards a patient', async () => {
    const s = h.service();
    await expect(s.send(draft({ to: [] }))).rejects.toMatchObject({ code: 'send.no-recipient' });
    await expect(s.send(draft({ to: ['pas-une-adresse'] }))).rejects.toMatchObject({ code: 'send.invalid-recipient', message: expect.stringMatching(/pas-une-adresse/) });
    const big = Buffer.alloc(26 * 1024 * 1024, 7).toString('base64');
    await expect(s.send(draft({ to: ['280017512345678@patient.mssante.fr'], attachments: [{ filename: 'gros.bin', mime: 'application/octet-stream', contentBase64: big }] })))
      .rejects.toMatchObject({ code: 'send.too-large', message: expect.stringMatching(/25 Mo.*espace patient/) });
  });
});

describe('offline compose, exactly once', () => {
  let proxy: Proxy;
  beforeAll(async () => {
    proxy = await startProxy(PORTS.submission);
  });
  afterAll(async () => {
    await proxy.close();
  });

  it('queued while the SMTP port is unreachable, sent once when it is back', async () => {
    h.smtpPort.value = proxy.port;
    try {
      proxy.down();
      const s = h.service();
      const view = await s.send(draft());
      await s.kick();
      let item = h.writer.getOutboxByMessageId(view.messageId)!;
      expect(item.state).toBe('queued');
      expect(s.listOutbox(CABINET).find((o) => o.messageId === view.messageId)!.error).toMatch(/injoignable/);
      proxy.up();
      await s.kick();
      item = h.writer.getOutboxByMessageId(view.messageId)!;
      expect(item.state).toBe('sent');
      await s.kick();
      await waitFor(() => countOnServer(ALICE, 'INBOX', view.messageId));
      await sleep(1500);
      expect(await countOnServer(ALICE, 'INBOX', view.messageId)).toBe(1);
    } finally {
      h.smtpPort.value = PORTS.submission;
      proxy.up();
    }
  });

  it('queued while the session is not active (offline card check, then locked), sent once when it is', async () => {
    const s = h.service();
    h.session.value = { ...h.session.value!, offline: true };
    const view = await s.send(draft());
    await s.kick();
    expect(h.writer.getOutboxByMessageId(view.messageId)!.state).toBe('queued');
    h.session.value = { ...h.session.value!, offline: false, locked: true };
    await s.kick();
    expect(h.writer.getOutboxByMessageId(view.messageId)!.state).toBe('queued');
    h.session.value = { ...h.session.value!, locked: false };
    await Promise.all([s.kick(), s.kick(), s.kick()]);
    expect(h.writer.getOutboxByMessageId(view.messageId)!).toMatchObject({ state: 'sent', attempts: 1 });
    await waitFor(() => countOnServer(ALICE, 'INBOX', view.messageId));
    await sleep(1500);
    expect(await countOnServer(ALICE, 'INBOX', view.messageId)).toBe(1);
  });
});

describe('crash recovery never duplicates', () => {
  it('killed after acceptance and the Sent copy, before the local ack: found in Sent, not resent', async () => {
    const s = h.service();
    const view = await s.send(draft());
    await s.kick();
    const item = h.writer.getOutboxByMessageId(view.messageId)!;
    expect(item).toMatchObject({ state: 'sent', appendedToSent: true });
    await waitFor(() => countOnServer(ALICE, 'INBOX', view.messageId));
    // The app died with the item still 'sending' (what the store holds after such a crash).
    sql(h.writer).prepare(`UPDATE outbox SET state = 'sending', appended_to_sent = 0, sent_at = NULL, smtp_response = NULL WHERE id = ?`).run(item.id);

    const restarted = h.service();
    await restarted.kick();
    const after = h.writer.getOutboxByMessageId(view.messageId)!;
    expect(after.state).toBe('sent');
    expect(after.smtpResponse).toMatch(/retrouvé dans Envoyés/);
    expect(after.attempts).toBe(1);
    await sleep(1500);
    expect(await countOnServer(ALICE, 'INBOX', view.messageId)).toBe(1);
    expect(await countOnServer(CABINET, 'Sent', view.messageId)).toBe(1);
    expect(h.reader.listAudit({ bal: CABINET }).some((a) => a.target === view.messageId && a.action === 'send.recover')).toBe(true);
  });

  it('killed between SMTP acceptance and any local record (BAL in Bcc): found in INBOX, Sent copy added, not resent', async () => {
    h.session.value = { ...h.session.value!, offline: true }; // queue without the loop sending
    const s = h.service();
    const view = await s.send(draft({ bcc: [CABINET] }));
    // What the sender does up to the server's 250 — then the process dies.
    const claimed = (await writesOn(h.writer).claimOutbox(h.writer.getOutboxByMessageId(view.messageId)!.id, { ...readMeta(h.writer, view.messageId)!, lastAttemptAt: Date.now() }))!;
    const outcome = await sendOverSmtp({ host: HOST, port: PORTS.submission, security: 'starttls', servername: 'localhost', extraCa: [CA()] }, h.credentials, { from: CABINET, to: claimed.envelope.to, raw: claimed.raw });
    expect(outcome.kind).toBe('sent');
    expect(h.writer.getOutboxByMessageId(view.messageId)!.state).toBe('sending');
    expect(await countOnServer(CABINET, 'Sent', view.messageId)).toBe(0);

    h.session.value = { ...h.session.value!, offline: false };
    const restarted = h.service({ recoveryGraceMs: 60_000 });
    await waitFor(async () => {
      await restarted.kick();
      return h.writer.getOutboxByMessageId(view.messageId)!.state === 'sent';
    }, 45_000, 1000);
    const after = h.writer.getOutboxByMessageId(view.messageId)!;
    expect(after.smtpResponse).toMatch(/boîte de réception/);
    expect(after.attempts).toBe(1);
    await restarted.kick();
    expect(h.writer.getOutboxByMessageId(view.messageId)!.appendedToSent).toBe(true);
    await sleep(1500);
    expect(await countOnServer(ALICE, 'INBOX', view.messageId)).toBe(1);
    expect(await countOnServer(CABINET, 'INBOX', view.messageId)).toBe(1);
    expect(await countOnServer(CABINET, 'Sent', view.messageId)).toBe(1);
  });

  it('killed after claiming but before SMTP: not found on the server, sent once', async () => {
    h.session.value = { ...h.session.value!, offline: true };
    const s = h.service();
    const view = await s.send(draft());
    h.writer.claimOutboxItem(h.writer.getOutboxByMessageId(view.messageId)!.id);
    h.session.value = { ...h.session.value!, offline: false };
    const restarted = h.service();
    await restarted.kick(); // interrupted → not found → queued again
    await restarted.kick(); // sent
    expect(h.writer.getOutboxByMessageId(view.messageId)!).toMatchObject({ state: 'sent', attempts: 2 });
    await waitFor(() => countOnServer(ALICE, 'INBOX', view.messageId));
    await sleep(1500);
    expect(await countOnServer(ALICE, 'INBOX', view.messageId)).toBe(1);
    expect(await countOnServer(CABINET, 'Sent', view.messageId)).toBe(1);
  });
});
