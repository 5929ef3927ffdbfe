// Special-use folders: icon kind and French/English label key, from SPECIAL-USE or well-known names.
import type { FolderView } from '../../../../shared/types';

export type FolderKind = 'inbox' | 'sent' | 'drafts' | 'trash' | 'junk' | 'archive' | 'all' | 'flagged' | 'folder';

const BY_SPECIAL_USE: Record<string, FolderKind> = {
  '\\inbox': 'inbox',
  '\\sent': 'sent',
  '\\drafts': 'drafts',
  '\\trash': 'trash',
  '\\junk': 'junk',
  '\\archive': 'archive',
  '\\all': 'all',
  '\\flagged': 'flagged',
};

const BY_NAME: Record<string, FolderKind> = {
  inbox: 'inbox',
  sent: 'sent', 'sent items': 'sent', 'sent messages': 'sent', envoyés: 'sent', 'éléments envoyés': 'sent',
  drafts: 'drafts', brouillons: 'drafts',
  trash: 'trash', 'deleted items': 'trash', 'deleted messages': 'trash', corbeille: 'trash', 'éléments supprimés': 'trash',
  junk: 'junk', spam: 'junk', 'junk e-mail': 'junk', indésirables: 'junk', 'courrier indésirable': 'junk',
  archive: 'archive', archives: 'archive',
};

export function folderKind(f: Pick<FolderView, 'specialUse' | 'path' | 'name'>): FolderKind {
  if (f.path.toUpperCase() === 'INBOX') return 'inbox';
  const su = f.specialUse?.toLowerCase();
  if (su && BY_SPECIAL_USE[su]) return BY_SPECIAL_USE[su];
  // Only top-level folders are recognised by name ("Projets/Archives" stays a plain folder).
  if (f.path === f.name) return BY_NAME[f.name.trim().toLowerCase()] ?? 'folder';
  return 'folder';
}

/** i18n key of the folder's label, or null to show its own name. */
export function folderLabelKey(f: Pick<FolderView, 'specialUse' | 'path' | 'name'>): string | null {
  const k = folderKind(f);
  return k === 'folder' ? null : `mail.folders.${k}`;
}

const RANK: Record<FolderKind, number> = { inbox: 0, drafts: 1, sent: 2, flagged: 3, all: 4, archive: 5, junk: 6, trash: 7, folder: 8 };

/** Top level in the usual mail order (Inbox, Drafts, Sent, Archives, Junk, Trash, then the user's folders by name). */
export function sortFolders(tree: readonly FolderView[]): FolderView[] {
  return [...tree].sort((a, b) => RANK[folderKind(a)] - RANK[folderKind(b)] || a.name.localeCompare(b.name, 'fr'));
}

export interface FlatFolder {
  folder: FolderView;
  level: number;
  parentId: number | null;
  hasChildren: boolean;
}

/** Depth-first order, as shown; the tree's keyboard navigation walks this list. */
export function flattenFolders(tree: readonly FolderView[], level = 1, parentId: number | null = null): FlatFolder[] {
  const out: FlatFolder[] = [];
  for (const f of tree) {
    out.push({ folder: f, level, parentId, hasChildren: f.children.length > 0 });
    out.push(...flattenFolders(f.children, level + 1, f.id));
  }
  return out;
}

export function findInbox(tree: readonly FolderView[]): FolderView | null {
  return flattenFolders(tree).find((x) => folderKind(x.folder) === 'inbox')?.folder ?? tree[0] ?? null;
}
