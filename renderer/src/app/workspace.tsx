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
}

const WorkspaceContext = createContext<Workspace | null>(null);

export function WorkspaceProvider({ activeBal, children }: { activeBal: BalSummary | undefined; children: ReactNode }) {
  const [folderId, setFolderId] = useState<number | null>(null);
  const [messageId, setMessageId] = useState<number | null>(null);
  const [query, setQuery] = useState('');
  const value = useMemo(
    () => ({ activeBal, folderId, setFolderId, messageId, setMessageId, query, setQuery }),
    [activeBal, folderId, messageId, query],
  );
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}

export function useWorkspace(): Workspace {
  const w = useContext(WorkspaceContext);
  if (!w) throw new Error('useWorkspace outside WorkspaceProvider');
  return w;
}
