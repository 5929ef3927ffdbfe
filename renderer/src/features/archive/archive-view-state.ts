// Whether the "Archives locales" view replaces the folder list (shared by the list toolbar button that
// opens it and App, which shows it), without threading props through the panes.
import { useSyncExternalStore } from 'react';

let open = false;
const listeners = new Set<() => void>();

export function setArchiveViewOpen(value: boolean): void {
  if (open === value) return;
  open = value;
  listeners.forEach((l) => l());
}

export function useArchiveViewOpen(): boolean {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => open,
  );
}
