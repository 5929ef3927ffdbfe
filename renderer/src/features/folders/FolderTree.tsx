// Folder tree of the active BAL (from 'folders.list'): special-use icons and French names, unread counts,
// keyboard navigation (arrows, Home/End, Enter/Space). Selects INBOX when a BAL becomes active.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FolderView } from '../../../../shared/types';
import { useWorkspace } from '../../app/workspace';
import { mss } from '../../bridge';
import { findInbox, flattenFolders, folderKind, folderLabelKey, sortFolders } from '../mail/folder-names';
import { errorText, useBridgeEvent } from '../mail/hooks';
import { FolderKindIcon } from '../mail/icons';
import { droppedMessages, isMessageDrag } from '../filing/drag';
import { useFiling } from '../filing/filing-context';
import '../../styles/mail.css';

// ---- Mailboxes & audit (switch speed and safety): trees are kept per BAL so a switch selects the cached
// INBOX at once (then refreshes); an answer for a BAL no longer shown is dropped, so a late answer of the
// previous BAL never selects its folder under the new BAL's header.
const treeCache = new Map<string, FolderView[]>();
/** Lets the switcher prefetch the folders of the other BALs (features/mailboxes/use-prefetch.ts). */
export function primeFolderTree(bal: string, tree: FolderView[]): void {
  treeCache.set(bal.toLowerCase(), tree);
}
// ---- end Mailboxes & audit

export function FolderTree() {
  const { t } = useTranslation();
  const { activeBal, folderId, setFolderId, setMessageId } = useWorkspace();
  const bal = activeBal?.address ?? null;
  const [tree, setTree] = useState<FolderView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [focusId, setFocusId] = useState<number | null>(null);
  const itemRefs = useRef(new Map<number, HTMLLIElement>());
  const filing = useFiling();
  const [dropOn, setDropOn] = useState<number | null>(null);
  const defaultedFor = useRef<string | null>(null);

  const balRef = useRef(bal);
  balRef.current = bal;
  const load = useCallback(() => {
    if (!bal) return;
    mss
      .invoke('folders.list', bal)
      .then((folders) => {
        treeCache.set(bal.toLowerCase(), folders);
        if (balRef.current !== bal) return;
        setTree(folders);
        setError(null);
      })
      .catch((e: unknown) => {
        if (balRef.current === bal) setError(errorText(e));
      });
  }, [bal]);

  useEffect(() => {
    setTree(bal ? (treeCache.get(bal.toLowerCase()) ?? null) : null);
    defaultedFor.current = null;
    load();
  }, [load]);

  useBridgeEvent('folders.changed', (p) => {
    if (bal && p.bal.toLowerCase() === bal.toLowerCase()) load();
  });
  // Unread counts follow the messages (throttled: a sync emits many events).
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useBridgeEvent('messages.changed', (p) => {
    if (!bal || p.bal.toLowerCase() !== bal.toLowerCase() || pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      load();
    }, 400);
  });
  useEffect(() => () => { if (pending.current) clearTimeout(pending.current); }, []);

  const flat = useMemo(() => flattenFolders(sortFolders(tree ?? [])), [tree]);

  // INBOX by default when a BAL becomes active (or when the selected folder disappeared).
  useEffect(() => {
    if (!tree || !bal) return;
    const stillThere = folderId !== null && flat.some((f) => f.folder.id === folderId);
    if (defaultedFor.current !== bal || !stillThere) {
      defaultedFor.current = bal;
      if (!stillThere) {
        const inbox = findInbox(tree);
        setFolderId(inbox?.id ?? null);
        setMessageId(null);
        setFocusId(inbox?.id ?? null);
      }
    }
  }, [tree, bal, flat, folderId, setFolderId, setMessageId]);

  const select = (id: number) => {
    if (id !== folderId) {
      setFolderId(id);
      setMessageId(null);
    }
    setFocusId(id);
  };

  const moveFocus = (id: number | undefined) => {
    if (id === undefined) return;
    setFocusId(id);
    itemRefs.current.get(id)?.focus();
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const current = focusId ?? folderId;
    const i = flat.findIndex((f) => f.folder.id === current);
    let handled = true;
    switch (e.key) {
      case 'ArrowDown':
        moveFocus(flat[Math.min(flat.length - 1, i + 1)]?.folder.id);
        break;
      case 'ArrowUp':
        moveFocus(flat[Math.max(0, i - 1)]?.folder.id);
        break;
      case 'Home':
        moveFocus(flat[0]?.folder.id);
        break;
      case 'End':
        moveFocus(flat.at(-1)?.folder.id);
        break;
      case 'ArrowLeft':
        moveFocus(flat[i]?.parentId ?? undefined);
        break;
      case 'ArrowRight':
        if (flat[i]?.hasChildren) moveFocus(flat[i + 1]?.folder.id);
        break;
      case 'Enter':
      case ' ':
        if (current !== null) select(current);
        break;
      default:
        handled = false;
    }
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  if (!bal) return null;
  const tabStop = focusId ?? folderId ?? flat[0]?.folder.id;

  return (
    <div className="folder-tree" data-testid="folder-tree">
      <h2 className="pane__title" id="folder-tree-title">
        {t('mail.folders.title')}
      </h2>
      {error && (
        <p className="mail-inline-error" role="alert">
          {error}
        </p>
      )}
      {!tree && !error && <p className="folder-tree__note">{t('mail.folders.loading')}</p>}
      {tree && flat.length === 0 && <p className="folder-tree__note">{t('mail.folders.none')}</p>}
      {flat.length > 0 && (
        <ul className="folder-tree__list" role="tree" aria-labelledby="folder-tree-title" onKeyDown={onKeyDown}>
          {flat.map(({ folder, level, hasChildren }) => {
            const key = folderLabelKey(folder);
            const label = key ? t(key) : folder.name;
            const selected = folder.id === folderId;
            return (
              <li
                key={folder.id}
                ref={(el) => {
                  if (el) itemRefs.current.set(folder.id, el);
                  else itemRefs.current.delete(folder.id);
                }}
                role="treeitem"
                aria-level={level}
                aria-selected={selected}
                aria-expanded={hasChildren ? true : undefined}
                tabIndex={folder.id === tabStop ? 0 : -1}
                className={`folder-item ${selected ? 'folder-item--selected' : ''} ${folder.unread > 0 ? 'folder-item--unread' : ''} ${dropOn === folder.id ? 'folder-item--drop' : ''}`}
                style={{ paddingInlineStart: 10 + (level - 1) * 16 }}
                data-folder-kind={folderKind(folder)}
                data-testid={`folder-${folder.path}`}
                onClick={() => select(folder.id)}
                onFocus={() => setFocusId(folder.id)}
                // Messages dragged from the list: moved here (Ctrl held: copied).
                onDragOver={(e) => {
                  if (!isMessageDrag(e)) return;
                  e.preventDefault();
                  e.dataTransfer.dropEffect = e.ctrlKey ? 'copy' : 'move';
                  setDropOn(folder.id);
                }}
                onDragLeave={() => setDropOn((d) => (d === folder.id ? null : d))}
                onDrop={(e) => {
                  setDropOn(null);
                  const dropped = droppedMessages(e);
                  if (!dropped || dropped.bal.toLowerCase() !== bal.toLowerCase()) return;
                  e.preventDefault();
                  void filing.moveTo(dropped.items, { id: folder.id, label }, e.ctrlKey);
                }}
                data-drop={dropOn === folder.id ? 'true' : undefined}
              >
                <span className="folder-item__icon">
                  <FolderKindIcon kind={folderKind(folder)} />
                </span>
                <span className="folder-item__name">{label}</span>
                {folder.unread > 0 && (
                  <>
                    <span className="folder-item__count" aria-hidden="true">
                      {folder.unread}
                    </span>
                    {/* The name comes from the visible text (no aria-label that would not contain it). */}
                    <span className="visually-hidden">, {t('mail.folders.unread', { count: folder.unread })}</span>
                  </>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
