import { describe, expect, it } from 'vitest';
import { bridgeEventsFromEngine } from '../../../main/mail/engine-adapter';

describe('engine events → bridge events', () => {
  const none = () => [];
  it('maps progress, folder changes, message changes and new mail', () => {
    expect(bridgeEventsFromEngine({ type: 'progress', bal: 'a@x.fr', folder: 'INBOX', phase: 'headers', done: 5, total: 9 }, none)).toEqual([
      { name: 'sync.progress', payload: { bal: 'a@x.fr', folder: 'INBOX', phase: 'headers', done: 5, total: 9 } },
    ]);
    expect(bridgeEventsFromEngine({ type: 'folderChanged', bal: 'a@x.fr', folderIds: [3, 4] }, none)).toEqual([
      { name: 'messages.changed', payload: { bal: 'a@x.fr', folderIds: [3, 4] } },
      { name: 'folders.changed', payload: { bal: 'a@x.fr' } },
    ]);
    expect(bridgeEventsFromEngine({ type: 'messagesChanged', bal: 'a@x.fr', folderId: 7, ids: [1] }, none)).toEqual([
      { name: 'messages.changed', payload: { bal: 'a@x.fr', folderIds: [7] } },
    ]);
    expect(bridgeEventsFromEngine({ type: 'newMail', bal: 'a@x.fr', folderId: 7, count: 3 }, none)).toEqual([
      { name: 'mail.new', payload: { bal: 'a@x.fr', count: 3 } },
    ]);
    expect(bridgeEventsFromEngine({ type: 'indexProgress', pending: 120, indexed: 880 }, none)).toEqual([
      { name: 'index.progress', payload: { pending: 120, indexed: 880 } },
    ]);
  });
  it('resolves folders of local changes, and drops what the lead aggregates itself', () => {
    expect(bridgeEventsFromEngine({ type: 'messagesChanged', bal: 'a@x.fr', folderId: null, ids: [1, 2] }, () => [9])).toEqual([
      { name: 'messages.changed', payload: { bal: 'a@x.fr', folderIds: [9] } },
    ]);
    expect(bridgeEventsFromEngine({ type: 'messagesChanged', bal: 'a@x.fr', folderId: null, ids: [1] }, none)).toEqual([]);
    expect(bridgeEventsFromEngine({ type: 'connectivity', bal: 'a@x.fr', online: false, since: 1 }, none)).toEqual([]);
    expect(bridgeEventsFromEngine({ type: 'authFailed', bal: 'a@x.fr' }, none)).toEqual([]);
  });
});
