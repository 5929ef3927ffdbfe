// The BALs one person opens: the accounts added on this workstation, plus those the operator's listing
// names, each confirmed by a real login with the person's token. Offline, a person sees only the BALs
// whose right the operator confirmed at their last online login; another person sees only theirs.
import type { BalSummary } from '../../shared/types';
import type { AccountsFile, StoredAccount } from '../accounts/accounts-file';
import { type ListedBal } from './bal-listing';
import type { RightCheck } from './rights-check';
import type { RefusedBal, RightsConfirmation, RightsRepository } from './types';

export interface MailboxDeps {
  accounts: AccountsFile;
  rights: RightsRepository;
  unreadOf: (bal: string) => number;
  checkRight: (account: StoredAccount) => Promise<RightCheck>;
  /** BALs listed by the operator's endpoint for this person (empty when the operator has none). */
  listOperatorBals: (account: StoredAccount) => Promise<ListedBal[]>;
  /** Adds a BAL found through the operator's listing, with the settings of the account it came from. */
  addListedAccount: (from: StoredAccount, listed: ListedBal) => StoredAccount;
  /** A withdrawn BAL nobody on this workstation holds any more: its cache is purged. */
  /** Stops the BAL's sync, then deletes its cache; resolves once done. */
  purgeCache: (bal: string) => Promise<void>;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export class MailboxService {
  private active: string | null = null;
  /** What the operator refused at each person's last online login (memory only: re-asked at every login). */
  private readonly refusedByPerson = new Map<string, RefusedBal[]>();

  constructor(private readonly deps: MailboxDeps) {}

  /** BALs the person may see now (from confirmed rights; works offline). */
  list(idNat: string | null): BalSummary[] {
    if (!idNat) return [];
    const rights = this.deps.rights.list(idNat);
    const accounts = this.deps.accounts.list();
    const out: BalSummary[] = [];
    for (const r of rights) {
      const account = accounts.find((a) => same(a.address, r.bal));
      if (!account) continue;
      out.push({
        address: account.address,
        type: account.type,
        label: account.label,
        role: r.role,
        unread: this.deps.unreadOf(account.address),
        active: false,
        confirmedAt: r.confirmedAt,
      });
    }
    out.sort((a, b) => a.label.localeCompare(b.label, 'fr'));
    const activeAddress = out.find((b) => this.active && same(b.address, this.active))?.address ?? out[0]?.address ?? null;
    this.active = activeAddress;
    return out.map((b) => ({ ...b, active: b.address === activeAddress }));
  }

  /** BALs the operator refused to this person at their last online login in this run. */
  refused(idNat: string | null): RefusedBal[] {
    return idNat ? [...(this.refusedByPerson.get(idNat) ?? [])] : [];
  }

  activeBal(): string | null {
    return this.active;
  }

  setActive(idNat: string | null, address: string): BalSummary | null {
    const bal = this.list(idNat).find((b) => same(b.address, address));
    if (!bal) return null;
    this.active = bal.address;
    return { ...bal, active: true };
  }

  /**
   * Online login: asks the operator about every candidate BAL (accounts added here and BALs listed by
   * the operator), then replaces the person's offline rights with the answer. BALs that could not be
   * checked keep their previous confirmation.
   */
  async confirmRights(idNat: string): Promise<RightsConfirmation> {
    const before = this.deps.rights.list(idNat);
    let candidates = this.deps.accounts.list();
    const listedRoles = new Map<string, ListedBal>();
    for (const account of candidates) {
      for (const listed of await this.deps.listOperatorBals(account).catch(() => [] as ListedBal[])) {
        listedRoles.set(listed.address.toLowerCase(), listed);
        if (!candidates.some((c) => same(c.address, listed.address))) this.deps.addListedAccount(account, listed);
      }
    }
    candidates = this.deps.accounts.list();

    const result: RightsConfirmation = { confirmed: [], refused: [], unreachable: [], withdrawn: [] };
    for (const account of candidates) {
      const check = await this.deps.checkRight(account);
      const listed = listedRoles.get(account.address.toLowerCase());
      const previous = before.find((r) => same(r.bal, account.address));
      if (check.ok) {
        const type = listed?.type ?? account.type;
        const label = listed?.label ?? account.label;
        // The operator's listing knows the BAL's type and name better than the address does.
        if (type !== account.type || label !== account.label) this.deps.accounts.upsert({ ...account, type, label });
        result.confirmed.push({ bal: account.address, role: listed?.role ?? previous?.role ?? 'titulaire', type, label });
      } else if (check.reason === 'unreachable') {
        result.unreachable.push(account.address);
      } else {
        const refused: RefusedBal = { bal: account.address, reason: check.reason, cguUrl: account.config.cguUrl ?? null };
        result.refused.push(refused);
        if (previous) result.withdrawn.push(account.address);
      }
    }
    const kept = before.filter((r) => result.unreachable.some((u) => same(u, r.bal)));
    await this.deps.rights.replace(idNat, [
      ...result.confirmed.map((c) => ({ bal: c.bal, role: c.role })),
      ...kept.map((k) => ({ bal: k.bal, role: k.role })),
    ]);
    // Withdrawn: the person's right is gone from the offline rights above, so the BAL is sealed for them
    // (not listed, not readable); its cache is purged only when nobody on this workstation holds it.
    for (const bal of result.withdrawn) if (!this.deps.rights.anyoneHolds(bal)) await this.deps.purgeCache(bal);
    this.refusedByPerson.set(idNat, result.refused);
    return result;
  }
}
