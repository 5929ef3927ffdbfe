// LIST → folders table: special-use flags, namespaces (shared/ skipped unless asked), renames (same
// UIDVALIDITY under a new path keeps the cached messages) and deletions.
import type { ImapFlow, ListResponse } from 'imapflow';
import type { Folder } from '../store/types';
import type { SyncContext } from './context';
import { assertUsable, ConnectionLostError } from './imap-guards';

interface NamespaceInfo {
  prefix: string;
  delimiter: string;
}

function sharedPrefixes(client: ImapFlow): string[] {
  const ns = (client as unknown as { namespaces?: { other?: NamespaceInfo[] | false; shared?: NamespaceInfo[] | false } }).namespaces;
  const out: string[] = [];
  for (const list of [ns?.other, ns?.shared]) if (Array.isArray(list)) for (const n of list) if (n.prefix) out.push(n.prefix);
  return out;
}

export function selectableFolders(list: ListResponse[], opts: { includeShared: boolean; sharedPrefixes: string[]; only?: string[] }): ListResponse[] {
  return list.filter((f) => {
    const flags = [...f.flags].map((x) => x.toLowerCase());
    if (flags.includes('\\noselect') || flags.includes('\\nonexistent')) return false;
    if (!opts.includeShared && opts.sharedPrefixes.some((p) => f.path.startsWith(p))) return false;
    if (opts.only && !opts.only.some((p) => p.toUpperCase() === 'INBOX' ? f.path.toUpperCase() === 'INBOX' : p === f.path)) return false;
    return true;
  });
}

export interface ServerFolderState {
  uidValidity: number | null;
  uidNext: number | null;
  highestModseq: string | null;
}

export interface FolderListResult {
  folders: Folder[];
  /** Per path, from LIST-STATUS (one round trip for every folder). */
  status: Map<string, ServerFolderState>;
}

/** Whether the cached resume point of a folder equals the server's state (nothing to do). */
export function unchangedOnServer(f: Folder, st: ServerFolderState | undefined): boolean {
  if (!st || f.uidvalidity === null || f.highestmodseq === null || st.highestModseq === null) return false;
  return st.uidValidity === f.uidvalidity && st.uidNext === f.uidnext && st.highestModseq === f.highestmodseq;
}

/** Lists folders (with their STATUS when the server has LIST-STATUS) and updates the folders table. */
export async function syncFolderList(ctx: SyncContext, client: ImapFlow): Promise<FolderListResult> {
  // First login on this workstation: the list pane says the folders are being listed (nothing cached yet).
  if (ctx.store.listFolders(ctx.accountId).length === 0) ctx.emit({ type: 'progress', bal: ctx.bal, folder: '', phase: 'folders', done: 0, total: 0 });
  const all = await client.list({ statusQuery: { uidValidity: true, uidNext: true, highestModseq: true, messages: true } });
  // A failed or cut LIST must never read as "every folder was deleted" (INBOX always exists).
  if (!Array.isArray(all) || !all.some((f) => f.path.toUpperCase() === 'INBOX')) throw new ConnectionLostError('LIST');
  assertUsable(client, 'LIST');
  const status = new Map<string, ServerFolderState>();
  for (const f of all) {
    if (!f.status) continue;
    status.set(f.path, {
      uidValidity: f.status.uidValidity !== undefined ? Number(f.status.uidValidity) : null,
      uidNext: f.status.uidNext ?? null,
      highestModseq: f.status.highestModseq !== undefined ? String(f.status.highestModseq) : null,
    });
  }
  const listed = selectableFolders(all, {
    includeShared: ctx.account.includeShared ?? false,
    sharedPrefixes: sharedPrefixes(client),
    only: ctx.account.onlyFolders,
  });
  const local = ctx.store.listFolders(ctx.accountId);
  const localByPath = new Map(local.map((f) => [f.path, f]));
  const serverPaths = new Set(listed.map((f) => f.path));
  const added = listed.filter((f) => !localByPath.has(f.path));
  let missing = local.filter((f) => !serverPaths.has(f.path));
  const changed: number[] = [];

  // Renames: a vanished folder whose UIDVALIDITY reappears under a new path.
  if (added.length > 0 && missing.some((f) => f.uidvalidity !== null)) {
    for (const f of added) {
      let uv = status.get(f.path)?.uidValidity ?? null;
      if (uv === null) {
        const st = await client.status(f.path, { uidValidity: true });
        uv = st && st.uidValidity !== undefined ? Number(st.uidValidity) : null;
      }
      const old = uv === null ? undefined : missing.find((m) => m.uidvalidity === uv);
      if (old) {
        ctx.q.renameFolder(old.id, f.path, f.name, f.delimiter ?? null);
        missing = missing.filter((m) => m !== old);
        changed.push(old.id);
      }
    }
  }
  for (const f of listed) {
    const before = localByPath.get(f.path);
    const { id } = ctx.store.upsertFolder(ctx.accountId, {
      path: f.path,
      delimiter: f.delimiter ?? null,
      name: f.name,
      specialUse: f.specialUse ?? (f.path.toUpperCase() === 'INBOX' ? '\\Inbox' : null),
      subscribed: f.subscribed !== false,
    });
    if (!before) changed.push(id);
  }
  for (const f of missing) {
    ctx.store.deleteFolder(f.id);
    changed.push(f.id);
  }
  if (changed.length > 0) ctx.emit({ type: 'folderChanged', bal: ctx.bal, folderIds: changed });
  return { folders: ctx.store.listFolders(ctx.accountId), status };
}
