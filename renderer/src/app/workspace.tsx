// Selection state of the mail workspace (active BAL comes from main; folder and message are local).
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { BalSummary } from '../../../shared/types';

export interface Workspace {
  activeBal: BalSummary | undefined;
  folderId: number | null;
  setFolderId: (id: number | null) => void;
  messageId: number | null;
  setMessageId: (id: number | null) => void;
  /** Search text typed in the list pane; empty when not searching. */
  query: string;
  setQuery: (q: string) => void;
  /** "Toutes les boîtes de réception" is on screen: no single BAL is active for writing. */
  unified: boolean;
  /** In the unified view, the BAL of the selected message (a new message's default sender), or null. */
  unifiedBal: string | null;
  setUnifiedBal: (bal: string | null) => void;
}

const WorkspaceContext = createContext<Workspace | null>(null);

export function WorkspaceProvider({ activeBal, unified = false, children }: { activeBal: BalSummary | undefined; unified?: boolean; children: ReactNode }) {
  const [folderId, setFolderId] = useState<number | null>(null);
  const [messageId, setMessageId] = useState<number | null>(null);
  const [query, setQuery] = useState('');
  const [unifiedBal, setUnifiedBal] = useState<string | null>(null);
  const value = useMemo(
    () => ({ activeBal, folderId, setFolderId, messageId, setMessageId, query, setQuery, unified, unifiedBal: unified ? unifiedBal : null, setUnifiedBal }),
    [activeBal, folderId, messageId, query, unified, unifiedBal],
  );
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}

export function useWorkspace(): Workspace {
  const w = useContext(WorkspaceContext);
  if (!w) throw new Error('useWorkspace outside WorkspaceProvider');
  return w;
}
