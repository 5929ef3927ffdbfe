import { describe, expect, it } from 'vitest';
import { normalizeSpecialUse, toAttachmentView, toFolderView, toListItem, toMailAddress, toMessageView } from '../../../main/mail/view-mapping';
import { hasHealthDocumentHeaders, stripXdmPrefix } from '../../../main/mail/xdm';
import type { FolderNode, MessageDetail, MessageSummary } from '../../../main/store/types';

const summary = (over: Partial<MessageSummary> = {}): MessageSummary => ({
  id: 42, accountId: 1, folderId: 7, uidvalidity: 1, uid: 3, messageId: '<a@b>', threadId: '<a@b>',
  subject: 'Bonjour', from: { name: 'Dr_Marie_MARTIN_Cabinet', address: 'marie.martin@test.mssante.fr' },
  to: [{ name: null, address: 'alice@test.mssante.fr' }], cc: [], date: 1_700_000_000_000, flags: 0, seen: false,
  keywords: [], hasAttachments: false, preview: null, bodyState: 'headers', archived: false, onServer: true, ...over,
});

describe('XDM subject prefix', () => {
  it('hides the XDM/1.0/DDM+ prefix and marks the message', () => {
    expect(stripXdmPrefix('XDM/1.0/DDM+CR consultation DUPONT Jean 01/02/1960')).toEqual({
      subject: 'CR consultation DUPONT Jean 01/02/1960', isXdm: true,
    });
    expect(stripXdmPrefix('xdm/1.0/ddm+ Lettre')).toEqual({ subject: 'Lettre', isXdm: true });
  });
  it('leaves other subjects alone (prefix only at the start)', () => {
    expect(stripXdmPrefix('Re: XDM/1.0/DDM+CR')).toEqual({ subject: 'Re: XDM/1.0/DDM+CR', isXdm: false });
    expect(stripXdmPrefix(null)).toEqual({ subject: '', isXdm: false });
  });
  it('recognises health-document headers', () => {
    expect(hasHealthDocumentHeaders({ 'x-mss-codecda': '11488-4' })).toBe(true);
    expect(hasHealthDocumentHeaders({ 'x-mss-nil': 'LPS' })).toBe(false);
  });
});

describe('list item mapping', () => {
  it('maps flags, addresses and thread size', () => {
    const item = toListItem(summary({ flags: 1 | 4, subject: 'XDM/1.0/DDM+Résultats', hasAttachments: true }), 3);
    expect(item).toMatchObject({
      id: 42, folderId: 7, subject: 'Résultats', isXdm: true, seen: true, flagged: true, answered: false,
      hasAttachments: true, threadSize: 3, preview: '',
      from: { name: 'Dr_Marie_MARTIN_Cabinet', address: 'marie.martin@test.mssante.fr' },
      to: [{ name: null, address: 'alice@test.mssante.fr' }],
    });
  });
  it('never reports a thread smaller than one', () => {
    expect(toListItem(summary(), 0).threadSize).toBe(1);
  });
  it('drops empty addresses', () => {
    expect(toListItem(summary({ from: null })).from).toBeNull();
  });
});

describe('folder mapping', () => {
  it('gives INBOX its special use and normalises the others', () => {
    expect(normalizeSpecialUse(null, 'INBOX')).toBe('\\Inbox');
    expect(normalizeSpecialUse('Sent', 'Envoyés')).toBe('\\Sent');
    expect(normalizeSpecialUse(null, 'Projets')).toBeNull();
  });
  it('keeps the tree and counts', () => {
    const node = (id: number, path: string, children: FolderNode[] = []): FolderNode => ({
      id, accountId: 1, path, delimiter: '/', name: path.split('/').pop()!, specialUse: null, uidvalidity: 1,
      uidnext: 1, highestmodseq: null, subscribed: true, lastSyncAt: null, unread: id, total: id * 10, children,
    });
    const v = toFolderView(node(1, 'INBOX', [node(2, 'INBOX/Labo')]), 'alice@test.mssante.fr');
    expect(v).toMatchObject({ id: 1, bal: 'alice@test.mssante.fr', specialUse: '\\Inbox', unread: 1, total: 10 });
    expect(v.children[0]).toMatchObject({ id: 2, name: 'Labo', specialUse: null, unread: 2 });
  });
});

describe('message view mapping', () => {
  const detail = (over: Partial<MessageDetail> = {}): MessageDetail => ({
    ...summary(), inReplyTo: null, references: [], internaldate: null, size: 100, modseq: null,
    mssHeaders: { 'X-MSS-CODECDA': '11488-4', 'x-mss-ins': 'O' }, archivedAt: null, smime: null,
    attachments: [{ attachmentId: 9, part: '2', filename: null, contentId: '<img1@x>', disposition: 'inline', size: 120, mime: 'image/PNG', sha256: 'ab', fetched: true, damaged: false }],
    ...over,
  });
  it('lowercases MSS headers, flags pending bodies and remote content', () => {
    const pending = toMessageView(detail(), null);
    expect(pending.bodyPending).toBe(true);
    expect(pending.mssHeaders).toEqual({ 'x-mss-codecda': '11488-4', 'x-mss-ins': 'O' });
    const full = toMessageView(detail(), { text: 'Bonjour', html: '<p>Hi<img src="https://tracker.example/p.gif"></p>', rawSize: 10 });
    expect(full).toMatchObject({ bodyPending: false, text: 'Bonjour', hasRemoteContent: true });
    expect(toMessageView(detail(), { text: 't', html: '<img src="cid:img1@x">', rawSize: 1 }).hasRemoteContent).toBe(false);
  });
  it('never shows Dovecot placeholders as addresses (issue 20)', () => {
    expect(toMailAddress({ name: null, address: 'MISSING_MAILBOX@MISSING_DOMAIN' })).toBeNull();
    expect(toMailAddress({ name: 'Service', address: 'MISSING_MAILBOX@MISSING_DOMAIN' })).toEqual({ name: 'Service', address: '' });
  });
  it('maps attachments with a default name after their type (issue 20) and clean content id', () => {
    expect(toAttachmentView(detail().attachments[0]!)).toEqual({
      id: 9, filename: 'image.png', mime: 'image/png', size: 120, inline: true, contentId: 'img1@x', fetched: true, risky: false, damaged: false,
    });
  });
});
