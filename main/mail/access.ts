// Offline rights: every read names a folder or message; it is served only when that folder or message
// belongs to a BAL the current person may open (allowedBals). Unknown and forbidden look the same, so
// nothing tells another person's cache apart from an empty one.
import type { StoreReader } from '../store/reader';
import type { Folder, MessageDetail } from '../store/types';
import { balNotAllowed, folderNotFound, messageNotFound } from './errors';

export class MailAccess {
  private readonly allowed: Set<string>;
  private readonly balByAccount = new Map<number, string | null>();

  constructor(private readonly reader: StoreReader, allowedBals: readonly string[]) {
    this.allowed = new Set(allowedBals.map((b) => b.toLowerCase()));
  }

  isAllowedBal(bal: string): boolean {
    return this.allowed.has(bal.toLowerCase());
  }

  requireBal(bal: string): void {
    if (!this.isAllowedBal(bal)) throw balNotAllowed();
  }

  /** The BAL address of an account when the person may open it, else null. */
  balOfAccount(accountId: number): string | null {
    if (!this.balByAccount.has(accountId)) {
      const account = this.reader.listAccounts().find((a) => a.id === accountId);
      this.balByAccount.set(accountId, account && this.isAllowedBal(account.address) ? account.address : null);
    }
    return this.balByAccount.get(accountId) ?? null;
  }

  /** Account ids of every allowed BAL present in the cache. */
  allowedAccountIds(): number[] {
    return this.reader.listAccounts().filter((a) => this.isAllowedBal(a.address)).map((a) => a.id);
  }

  folder(folderId: number): { folder: Folder; bal: string } {
    const folder = this.reader.getFolder(folderId);
    const bal = folder ? this.balOfAccount(folder.accountId) : null;
    if (!folder || !bal) throw folderNotFound();
    return { folder, bal };
  }

  message(id: number): { message: MessageDetail; bal: string } {
    const message = this.reader.getMessage(id);
    const bal = message ? this.balOfAccount(message.accountId) : null;
    if (!message || !bal) throw messageNotFound();
    return { message, bal };
  }

  /** Groups message ids by BAL; any unknown or forbidden id rejects the whole request. */
  messagesByBal(ids: readonly number[]): Map<string, { accountId: number; ids: number[]; folderIds: Set<number> }> {
    const groups = new Map<string, { accountId: number; ids: number[]; folderIds: Set<number> }>();
    for (const id of new Set(ids)) {
      const { message, bal } = this.message(id);
      let g = groups.get(bal);
      if (!g) groups.set(bal, (g = { accountId: message.accountId, ids: [], folderIds: new Set() }));
      g.ids.push(id);
      g.folderIds.add(message.folderId);
    }
    return groups;
  }
}
