// Messages dragged from the list to a folder of the tree: the BAL and each message with its folder.
import type { Filed } from './filing-context';

export const MESSAGES_MIME = 'application/x-mss-messages';

export function setDraggedMessages(e: React.DragEvent, bal: string, items: Filed[]): void {
  e.dataTransfer.setData(MESSAGES_MIME, JSON.stringify({ bal, items }));
  e.dataTransfer.effectAllowed = 'copyMove';
}

export function isMessageDrag(e: React.DragEvent): boolean {
  return e.dataTransfer.types.includes(MESSAGES_MIME);
}

/** What was dropped, checked (it comes from the page, but a drag can carry anything). */
export function droppedMessages(e: React.DragEvent): { bal: string; items: Filed[] } | null {
  try {
    const v = JSON.parse(e.dataTransfer.getData(MESSAGES_MIME)) as { bal?: unknown; items?: unknown };
    if (typeof v.bal !== 'string' || !Array.isArray(v.items)) return null;
    const items = v.items.filter((x): x is Filed => !!x && Number.isInteger((x as Filed).id) && Number.isInteger((x as Filed).folderId));
    return items.length > 0 ? { bal: v.bal, items: items.slice(0, 5000) } : null;
  } catch {
    return null;
  }
}
