// The selected folder's description (name, special use) for the list header.
import { useCallback, useEffect, useState } from 'react';
import type { FolderView } from '../../../../shared/types';
import { mss } from '../../bridge';
import { flattenFolders } from './folder-names';
import { useBridgeEvent } from './hooks';

export function useFolder(bal: string | null, folderId: number | null): FolderView | null {
  const [folder, setFolder] = useState<FolderView | null>(null);
  const load = useCallback(() => {
    if (!bal || folderId === null) {
      setFolder(null);
      return;
    }
    mss
      .invoke('folders.list', bal)
      .then((tree) => setFolder(flattenFolders(tree).find((f) => f.folder.id === folderId)?.folder ?? null))
      .catch(() => setFolder(null));
  }, [bal, folderId]);
  useEffect(load, [load]);
  useBridgeEvent('folders.changed', (p) => {
    if (bal && p.bal.toLowerCase() === bal.toLowerCase()) load();
  });
  return folder;
}
