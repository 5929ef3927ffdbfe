// Pure helpers of the mail UI (no DOM needed).
import { describe, expect, it } from 'vitest';
import { findInbox, flattenFolders, folderKind, folderLabelKey, sortFolders } from '../../../renderer/src/features/mail/folder-names';
import { displayName, formatAddress, formatListDate, formatSize, newMailTitle } from '../../../renderer/src/features/mail/format';
import { highlight, searchTerms } from '../../../renderer/src/features/mail/highlight';
import type { FolderView } from '../../../shared/types';

describe('list dates (French)', () => {
  const now = new Date(2026, 2, 12, 16, 0);
  it('today → time, yesterday → label, this year → day month, older → full date', () => {
    expect(formatListDate(new Date(2026, 2, 12, 14, 32).getTime(), 'fr', now)).toBe('14:32');
    expect(formatListDate(new Date(2026, 2, 11, 9, 5).getTime(), 'fr', now, 'Hier')).toBe('Hier');
    expect(formatListDate(new Date(2026, 0, 3, 9, 5).getTime(), 'fr', now)).toMatch(/^3 janv\.?$/);
    expect(formatListDate(new Date(2024, 11, 24, 9, 5).getTime(), 'fr', now)).toBe('24/12/2024');
    expect(formatListDate(new Date(2026, 2, 12, 9, 7).getTime(), 'en', now)).toBe('09:07');
  });
});

describe('sizes and names', () => {
  it('formats sizes in French units', () => {
    expect(formatSize(512, 'fr')).toBe('512 o');
    expect(formatSize(12 * 1024, 'fr')).toBe('12 Ko');
    expect(formatSize(1.4 * 1024 * 1024, 'fr')).toBe('1,4 Mo');
    expect(formatSize(1.4 * 1024 * 1024, 'en')).toBe('1.4 MB');
  });
  it('shows MSSanté underscore labels with spaces', () => {
    expect(displayName({ name: 'Dr_Marie_MARTIN_Cabinet Medical', address: 'm@x.fr' })).toBe('Dr Marie MARTIN Cabinet Medical');
    expect(displayName({ name: null, address: 'm@x.fr' })).toBe('m@x.fr');
    expect(formatAddress({ name: 'Dr Bob', address: 'b@x.fr' })).toBe('Dr Bob <b@x.fr>');
  });
  it('badges the window title with new mail', () => {
    expect(newMailTitle('Messagerie MSSanté', 0)).toBe('Messagerie MSSanté');
    expect(newMailTitle('Messagerie MSSanté', 3)).toBe('(3) Messagerie MSSanté');
    expect(newMailTitle('M', 150)).toBe('(99+) M');
  });
});

describe('search highlighting', () => {
  it('marks terms ignoring case and accents, keeping the original text', () => {
    const segs = highlight('Résultats du Médecin', 'medecin resul');
    expect(segs).toEqual([
      { text: 'Résul', match: true },
      { text: 'tats du ', match: false },
      { text: 'Médecin', match: true },
    ]);
    expect(segs.map((s) => s.text).join('')).toBe('Résultats du Médecin');
  });
  it('ignores one-letter terms and FTS syntax', () => {
    expect(searchTerms('a "bilan" OR -x')).toEqual(['bilan', 'or']);
    expect(highlight('abc', '')).toEqual([{ text: 'abc', match: false }]);
  });
});

describe('folders', () => {
  const f = (id: number, path: string, specialUse: string | null, children: FolderView[] = []): FolderView => ({
    id, bal: 'a@x.fr', path, name: path.split('/').pop()!, specialUse, unread: 0, total: 0, syncedAt: null, children,
  });
  it('recognises special folders by SPECIAL-USE or well-known top-level names', () => {
    expect(folderKind(f(1, 'INBOX', null))).toBe('inbox');
    expect(folderKind(f(2, 'Envoyés', '\\Sent'))).toBe('sent');
    expect(folderKind(f(3, 'Trash', null))).toBe('trash');
    expect(folderKind(f(4, 'Projets/Archives', null))).toBe('folder');
    expect(folderLabelKey(f(5, 'Junk', '\\Junk'))).toBe('mail.folders.junk');
    expect(folderLabelKey(f(6, 'Labo', null))).toBeNull();
  });
  it('flattens the tree in display order and finds INBOX', () => {
    const tree = [f(2, 'Archives', '\\Archive'), f(1, 'INBOX', '\\Inbox', [f(3, 'INBOX/Labo', null)])];
    expect(flattenFolders(tree).map((x) => [x.folder.id, x.level, x.parentId])).toEqual([[2, 1, null], [1, 1, null], [3, 2, 1]]);
    expect(findInbox(tree)?.id).toBe(1);
  });
  it('orders special folders the usual way, then by name', () => {
    const tree = [f(1, 'Trash', '\\Trash'), f(2, 'Zeta', null), f(3, 'Sent', '\\Sent'), f(4, 'INBOX', null), f(5, 'Alpha', null), f(6, 'Drafts', '\\Drafts')];
    expect(sortFolders(tree).map((x) => x.id)).toEqual([4, 6, 3, 1, 5, 2]);
  });
});
