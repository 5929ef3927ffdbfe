// Whether the folder on screen is still in its first sync (never synced, and no "done" heard from the engine
// since): its empty list then says the messages are coming, not "Ce dossier est vide".
import { useEffect, useState } from 'react';
import type { FolderView } from '../../../../shared/types';
import { useBridgeEvent } from '../mail/hooks';

export function useFirstSync(folder: FolderView | null): boolean {
  const [done, setDone] = useState(false);
  const key = folder ? `${folder.bal}\u0000${folder.path}` : null;
  useEffect(() => setDone(false), [key]);
  useBridgeEvent('sync.progress', (p) => {
    if (!folder || p.bal.toLowerCase() !== folder.bal.toLowerCase() || p.folder !== folder.path) return;
    if (p.phase === 'idle' || (p.phase === 'headers' && p.done >= p.total)) setDone(true);
  });
  return !!folder && folder.syncedAt === null && !done;
}
