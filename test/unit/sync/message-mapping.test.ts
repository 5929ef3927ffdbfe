import { describe, expect, it } from 'vitest';
import type { FetchMessageObject, MessageStructureObject } from 'imapflow';
import { attachmentParts, parseHeaderBlock, textParts, toMessageInput } from '../../../main/sync/message-mapper';
import { parseRawMessage, sha256 } from '../../../main/sync/body-parser';
import { resolveWorkerEntry } from '../../../main/sync/resolve-worker-entry';
import { errorPayload } from '../../../main/sync/protocol';
import { AuthFailedError, CommandCounter, isAuthRefusal } from '../../../main/sync/connection';

const structure: MessageStructureObject = {
  type: 'multipart/mixed',
  childNodes: [
    { part: '1', type: 'multipart/alternative', childNodes: [{ part: '1.1', type: 'text/plain', parameters: { charset: 'utf-8' } }, { part: '1.2', type: 'text/html' }] },
    { part: '2', type: 'application/pdf', disposition: 'attachment', dispositionParameters: { filename: 'cr.pdf' }, size: 1200 },
    { part: '3', type: 'image/png', parameters: { name: 'logo.png' }, disposition: 'inline', id: '<logo>' },
    { part: '4', type: 'message/rfc822', childNodes: [{ part: '4.1', type: 'text/plain' }] },
  ],
};

describe('FETCH → store rows', () => {
  it('parses folded header blocks', () => {
    const h = parseHeaderBlock(Buffer.from('References: <a@x>\r\n <b@x>\r\nX-MSS-INS: O\r\nDisposition-Notification-To: dr@x.fr\r\n\r\n'));
    expect(h.get('references')).toBe('<a@x> <b@x>');
    expect(h.get('x-mss-ins')).toBe('O');
  });
  it('finds attachments and text parts in BODYSTRUCTURE', () => {
    expect(attachmentParts(structure).map((p) => p.part)).toEqual(['2', '3', '4']);
    expect(textParts(structure)).toEqual([
      { part: '1.1', type: 'text/plain', charset: 'utf-8', encoding: undefined },
      { part: '1.2', type: 'text/html', charset: undefined, encoding: undefined },
    ]);
  });
  it('maps envelope, threading headers, MSSanté headers, flags', () => {
    const m = {
      seq: 1, uid: 42, modseq: 77n, size: 3000, flags: new Set(['\\Seen', '$Forwarded']),
      internalDate: new Date('2026-01-02T10:00:00Z'),
      envelope: {
        date: new Date('2026-01-02T09:59:00Z'), subject: 'CR', messageId: '<id@x>', inReplyTo: '<p@x>',
        from: [{ name: 'Dr A', address: 'a@x.fr' }], to: [{ address: 'b@x.fr' }], cc: [],
      },
      bodyStructure: structure,
      headers: Buffer.from('References: <r@x> <p@x>\r\nX-MSS-CODECDA: 11488-4\r\nDisposition-Notification-To: a@x.fr\r\n\r\n'),
    } as unknown as FetchMessageObject;
    const r = toMessageInput(m);
    expect(r).toMatchObject({
      uid: 42, messageId: '<id@x>', inReplyTo: '<p@x>', references: ['<r@x>', '<p@x>'], subject: 'CR',
      from: { name: 'Dr A', address: 'a@x.fr' }, to: [{ name: null, address: 'b@x.fr' }], size: 3000, modseq: 77n,
      hasAttachments: true, mssHeaders: { 'x-mss-codecda': '11488-4', 'disposition-notification-to': 'a@x.fr' },
    });
    expect(r.date).toBe(Date.parse('2026-01-02T09:59:00Z'));
    expect(r.flags).toEqual(['\\Seen', '$Forwarded']);
  });  it('without BODYSTRUCTURE (header sync), tells attachments from the Content-Type until the body is read', () => {
    const base = { seq: 1, uid: 7, flags: new Set<string>(), envelope: { subject: 'x', messageId: '<x@x>' } };
    const withType = (ct: string) => toMessageInput({ ...base, headers: Buffer.from(`Content-Type: ${ct}\r\n\r\n`) } as unknown as FetchMessageObject).hasAttachments;
    expect(withType('multipart/mixed; boundary="b"')).toBe(true);
    expect(withType('application/pdf; name="cr.pdf"')).toBe(true);
    expect(withType('multipart/alternative; boundary="b"')).toBe(false);
    expect(withType('text/plain; charset=utf-8')).toBe(false);
    expect(withType('application/pkcs7-mime; smime-type=enveloped-data')).toBe(false);
  });
});

describe('body parsing', () => {
  it('extracts text, HTML and attachments with their SHA-256, keyed by IMAP part when aligned', async () => {
    const pdf = Buffer.from('%PDF-1.4 test');
    const raw = Buffer.from(
      'From: a@x.fr\r\nSubject: t\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n' +
      '--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nRésultats normaux.\r\n' +
      `--b\r\nContent-Type: application/pdf; name="r.pdf"\r\nContent-Disposition: attachment; filename="r.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n${pdf.toString('base64')}\r\n--b--\r\n`,
    );
    const s: MessageStructureObject = { type: 'multipart/mixed', childNodes: [{ part: '1', type: 'text/plain' }, { part: '2', type: 'application/pdf', disposition: 'attachment' }] };
    const p = await parseRawMessage(raw, s);
    expect(p.text).toContain('Résultats normaux.');
    expect(p.attachments).toHaveLength(1);
    expect(p.attachments[0]).toMatchObject({ part: '2', sha256: sha256(pdf), size: pdf.length, mime: 'application/pdf', filename: 'r.pdf' });
    // Without BODYSTRUCTURE, the raw MIME tree numbers the part the way IMAP does.
    const unaligned = await parseRawMessage(raw, undefined);
    expect(unaligned.attachments[0]!.part).toBe('2');
  });
});

describe('worker entry, protocol, connection helpers', () => {
  it('resolves the .ts worker under tsx and the bundled .js next to the bundle', () => {
    const ts = resolveWorkerEntry('file:///repo/main/sync/resolve-worker-entry.ts');
    expect(ts).toEqual({ file: '/repo/main/sync/engine-worker.ts', execArgv: ['--import', 'tsx'] });
    const js = resolveWorkerEntry('file:///app/out/main/index.js', (p) => p === '/app/out/main/sync-worker.js');
    expect(js).toEqual({ file: '/app/out/main/sync-worker.js', execArgv: [] });
    const fromChunk = resolveWorkerEntry('file:///app/out/chunks/x.js', (p) => p === '/app/out/main/sync-worker.js');
    expect(fromChunk.file).toBe('/app/out/main/sync-worker.js');
    expect(() => resolveWorkerEntry('file:///app/out/main/index.js', () => false)).toThrow();
  });
  it('errors cross the boundary as code + French message, never raw server text', () => {
    expect(errorPayload(new AuthFailedError())).toMatchObject({ code: 'AUTH_FAILED' });
    expect(errorPayload(new AuthFailedError()).message).toMatch(/refusée/);
    const leaky = Object.assign(new Error('NO [SERVERBUG] subject: Résultats patient X'), { code: 'X' });
    expect(errorPayload(leaky).message).not.toContain('patient');
  });
  it('a login refused for the connection cap is not a credentials problem', () => {
    expect(isAuthRefusal({ authenticationFailed: true, serverResponseCode: 'LIMIT' })).toBe(false);
    expect(isAuthRefusal({ authenticationFailed: true, serverResponseCode: 'UNAVAILABLE' })).toBe(false);
    expect(isAuthRefusal({ authenticationFailed: true, serverResponseCode: 'AUTHENTICATIONFAILED' })).toBe(true);
    expect(isAuthRefusal({ authenticationFailed: true })).toBe(true);
    expect(isAuthRefusal(new Error('ECONNRESET'))).toBe(false);
  });
  it('counts IMAP command verbs only', () => {
    const c = new CommandCounter();
    c.record('4 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 5 VANISHED)');
    c.record('5 SELECT INBOX (QRESYNC (1 2))');
    c.record('6 AUTHENTICATE XOAUTH2 (* value hidden *)');
    expect(c.byVerb).toEqual({ 'UID FETCH': 1, SELECT: 1, 'AUTHENTICATE XOAUTH2': 1 });
    expect(c.total).toBe(3);
  });
});
