import { describe, expect, it } from 'vitest';
import type { ListResponse } from 'imapflow';
import { selectableFolders, unchangedOnServer } from '../../../main/sync/folder-list';
import type { Folder } from '../../../main/store/types';

const entry = (path: string, flags: string[] = []): ListResponse => ({ path, name: path.split('/').pop()!, delimiter: '/', flags: new Set(flags), listed: true, subscribed: true } as unknown as ListResponse);

describe('folder list filtering', () => {
  const list = [entry('INBOX'), entry('Sent', ['\\Sent']), entry('Dossiers', ['\\Noselect']), entry('shared/bob/INBOX'), entry('Perso/Old', ['\\NonExistent'])];
  it('skips non-selectable folders and the shared namespace unless asked', () => {
    expect(selectableFolders(list, { includeShared: false, sharedPrefixes: ['shared/'] }).map((f) => f.path)).toEqual(['INBOX', 'Sent']);
    expect(selectableFolders(list, { includeShared: true, sharedPrefixes: ['shared/'] }).map((f) => f.path)).toEqual(['INBOX', 'Sent', 'shared/bob/INBOX']);
  });
  it('restricts to the requested folders (INBOX case-insensitive)', () => {
    expect(selectableFolders(list, { includeShared: false, sharedPrefixes: [], only: ['inbox'] }).map((f) => f.path)).toEqual(['INBOX']);
  });
});

describe('unchanged folder detection (LIST-STATUS vs resume point)', () => {
  const f = { uidvalidity: 7, uidnext: 42, highestmodseq: '1000' } as Folder;
  it('equal state ⇒ nothing to do; any difference or missing data ⇒ sync', () => {
    expect(unchangedOnServer(f, { uidValidity: 7, uidNext: 42, highestModseq: '1000' })).toBe(true);
    expect(unchangedOnServer(f, { uidValidity: 7, uidNext: 43, highestModseq: '1000' })).toBe(false);
    expect(unchangedOnServer(f, { uidValidity: 7, uidNext: 42, highestModseq: '1001' })).toBe(false);
    expect(unchangedOnServer(f, { uidValidity: 8, uidNext: 42, highestModseq: '1000' })).toBe(false);
    expect(unchangedOnServer(f, { uidValidity: 7, uidNext: 42, highestModseq: null })).toBe(false);
    expect(unchangedOnServer(f, undefined)).toBe(false);
    expect(unchangedOnServer({ ...f, highestmodseq: null }, { uidValidity: 7, uidNext: 42, highestModseq: '1000' })).toBe(false);
  });
});
