// The BAL's Trash and Archives folders: SPECIAL-USE (RFC 6154) first, else a usual top-level name, else
// created on the server in the personal namespace ("Trash", "Archives", as Thunderbird does) and listed
// again. Delete moves messages to Trash and "Archiver" to Archives through the queued-change replay.
import type { ImapFlow } from 'imapflow';
import type { Folder } from '../store/types';
import type { SyncContext } from './context';
import { syncFolderList } from './folder-list';
import { assertUsable } from './imap-guards';

export type SpecialRole = 'trash' | 'archive';

const SPECIAL_USE: Record<SpecialRole, string> = { trash: '\\Trash', archive: '\\Archive' };
const USUAL_NAMES: Record<SpecialRole, RegExp> = {
  trash: /^(trash|corbeille|deleted items|deleted messages|éléments supprimés)$/i,
  archive: /^(archives?)$/i,
};
const CREATED_NAME: Record<SpecialRole, string> = { trash: 'Trash', archive: 'Archives' };

/** The cached folder that plays this role for the account, or null. */
export function findSpecialFolder(folders: readonly Folder[], role: SpecialRole): Folder | null {
  const use = SPECIAL_USE[role].toLowerCase();
  const bySpecialUse = folders.find((f) => f.specialUse?.toLowerCase() === use);
  if (bySpecialUse) return bySpecialUse;
  // Only top-level folders by name ("Projets/Archives" stays a plain folder).
  return folders.find((f) => f.path === f.name && USUAL_NAMES[role].test(f.name.trim())) ?? null;
}

/** Path of a new top-level folder in the personal namespace (e.g. "INBOX.Trash" on some servers). */
function newFolderPath(client: ImapFlow, role: SpecialRole): string {
  const prefix = client.namespace?.prefix ?? '';
  return `${prefix}${CREATED_NAME[role]}`;
}

/**
 * The folder for this role, created on the server when the BAL has none (then listed again so the cache
 * knows it at once). Runs on the engine's own connection.
 */
export async function ensureSpecialFolder(ctx: SyncContext, client: ImapFlow, role: SpecialRole): Promise<Folder> {
  const known = findSpecialFolder(ctx.store.listFolders(ctx.accountId), role);
  if (known) return known;
  // The cache may be behind the server (folder created elsewhere): list first, create only if still missing.
  const { folders } = await syncFolderList(ctx, client);
  const listed = findSpecialFolder(folders, role);
  if (listed) return listed;
  const path = newFolderPath(client, role);
  await client.mailboxCreate(path);
  assertUsable(client, 'CREATE');
  const after = await syncFolderList(ctx, client);
  const created = after.folders.find((f) => f.path === path);
  if (!created) throw new Error('created folder not listed');
  return created;
}
