import { describe, expect, it } from 'vitest';
import { MailAuthError } from '../../../main/auth/credentials';
import { htmlToText } from '../../../shared/html-text';
import { sanitizeOutgoingHtml as sanitizeHtml } from '../../../shared/outgoing-html';
import { prepareDraft } from '../../../main/send/prepare';
import { classifySmtpError } from '../../../main/send/smtp';
import type { MessageDetail } from '../../../main/store/types';

const err = (o: Record<string, unknown>) => Object.assign(new Error('smtp'), o);

describe('SMTP outcomes → French messages', () => {
  it('553 sender not owned: rights', () => {
    const o = classifySmtpError(err({ code: 'EENVELOPE', command: 'MAIL FROM', responseCode: 553, response: '553 5.7.1 <x>: Sender address rejected: not owned by user y' }));
    expect(o).toMatchObject({ kind: 'refused', message: expect.stringContaining("Vous n'êtes pas autorisé(e) à envoyer depuis cette boîte aux lettres") });
  });
  it('552 size', () => {
    expect(classifySmtpError(err({ code: 'EMESSAGE', command: 'DATA', responseCode: 552, response: '552 5.3.4 Message size exceeds fixed limit' }))).toMatchObject({ kind: 'refused', message: expect.stringMatching(/trop volumineux/) });
  });
  it('5xx RCPT: refused recipients named', () => {
    const o = classifySmtpError(err({ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 550, response: '550 5.1.1 unknown', rejected: ['x@test.mssante.fr'], rejectedErrors: [Object.assign(new Error('r'), { recipient: 'x@test.mssante.fr', response: '550 5.1.1 User unknown' })] }));
    expect(o).toMatchObject({ kind: 'refused', message: expect.stringMatching(/Destinataire refusé.*x@test\.mssante\.fr/), rejected: [{ address: 'x@test.mssante.fr', detail: '550 5.1.1 User unknown' }] });
  });
  it('4xx and network: retry; lost after DATA: uncertain; session: wait for login', () => {
    expect(classifySmtpError(err({ command: 'RCPT TO', responseCode: 451, response: '451 try later' }))).toMatchObject({ kind: 'retry' });
    expect(classifySmtpError(err({ code: 'ESOCKET', command: 'CONN' }))).toMatchObject({ kind: 'retry', message: expect.stringMatching(/injoignable/) });
    expect(classifySmtpError(err({ code: 'ETIMEDOUT', command: 'DATA' }))).toMatchObject({ kind: 'uncertain' });
    expect(classifySmtpError(new MailAuthError('session-expired', 'a@b'))).toMatchObject({ kind: 'retry', waitForSession: true, message: expect.stringMatching(/session Pro Santé Connect a expiré/) });
    expect(classifySmtpError(new MailAuthError('no-right', 'a@b'))).toMatchObject({ kind: 'refused', message: expect.stringContaining("Vous n'êtes pas autorisé(e) à envoyer depuis cette boîte aux lettres") });
  });
});

describe('HTML from the editor', () => {
  it('keeps formatting, drops scripts, handlers, javascript: and remote images', () => {
    const dirty = '<p onclick="x()">Bonjour <b>Dr</b><script>alert(1)</script><img src="https://tracker/x.png" onerror="y()"><a href="javascript:z()">lien</a><a href="https://ans.fr">ANS</a></p><style>p{}</style>';
    const clean = sanitizeHtml(dirty);
    expect(clean).toBe('<p>Bonjour <b>Dr</b><img><a rel="noopener noreferrer">lien</a><a href="https://ans.fr" rel="noopener noreferrer">ANS</a></p>');
    expect(htmlToText(clean)).toBe('Bonjour DrlienANS (https://ans.fr)');
    expect(htmlToText('<p>Un</p><p>Deux &amp; trois</p>')).toBe('Un\nDeux & trois');
  });
});

describe('reply / forward preparation', () => {
  const message = {
    id: 42, accountId: 1, folderId: 1, uidvalidity: 1, uid: 5, messageId: '<o@test.mssante.fr>', threadId: null,
    subject: 'XDM/1.0/DDM+Compte rendu DUPONT', from: { name: 'Dr Bob DURAND', address: 'bob.durand@test.mssante.fr' },
    to: [{ name: null, address: 'cabinet.saint-roch@test.mssante.fr' }, { name: 'Alice', address: 'alice.martin@test.mssante.fr' }],
    cc: [{ name: null, address: 'accueil.centre-sante@test.mssante.fr' }],
    date: Date.UTC(2026, 10, 20, 9, 15), flags: 0, seen: true, keywords: [], hasAttachments: false, preview: null, bodyState: 'full',
    archived: false, onServer: true, inReplyTo: null, references: [], internaldate: null, size: 100, modseq: null, mssHeaders: {}, attachments: [], archivedAt: null, smime: null,
  } as MessageDetail;
  const body = { text: 'Ligne 1\nLigne 2', html: null, rawSize: 10 };

  it('reply quotes with the French attribution line, in the system time zone (here Paris)', () => {
    const savedTz = process.env.TZ;
    process.env.TZ = 'Europe/Paris';
    const d = prepareDraft(message, body, 'cabinet.saint-roch@test.mssante.fr', 'reply');
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
    expect(d.to).toEqual(['Dr Bob DURAND <bob.durand@test.mssante.fr>']);
    expect(d.subject).toBe('RE : Compte rendu DUPONT');
    expect(d.text).toContain('Le 20/11/2026 à 10:15, Dr Bob DURAND a écrit :\n> Ligne 1\n> Ligne 2');
    expect(d.inReplyToMessageId).toBe(42);
  });
  it('reply-all keeps the others, not the BAL itself', () => {
    const d = prepareDraft(message, body, 'cabinet.saint-roch@test.mssante.fr', 'reply-all');
    expect(d.to).toEqual(['Dr Bob DURAND <bob.durand@test.mssante.fr>', 'Alice <alice.martin@test.mssante.fr>']);
    expect(d.cc).toEqual(['accueil.centre-sante@test.mssante.fr']);
  });
  it('forward inline or as an attached message', () => {
    const inline = prepareDraft(message, body, 'cabinet.saint-roch@test.mssante.fr', 'forward');
    expect(inline.subject).toBe('TR : Compte rendu DUPONT');
    expect(inline.text).toContain('-------- Message transféré --------\nDe : Dr Bob DURAND <bob.durand@test.mssante.fr>');
    expect(inline.forwardAsAttachment).toBe(false);
    const attached = prepareDraft(message, null, 'cabinet.saint-roch@test.mssante.fr', 'forward-attachment');
    expect(attached).toMatchObject({ forwardOfMessageId: 42, forwardAsAttachment: true, text: '' });
  });
  it('replies and forwards ask for a delivery receipt by default, like a new message', () => {
    for (const mode of ['reply', 'reply-all', 'forward', 'forward-attachment'] as const) {
      expect(prepareDraft(message, body, 'cabinet.saint-roch@test.mssante.fr', mode).requestDsn).toBe(true);
    }
  });
});
