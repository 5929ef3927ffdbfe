// The 'mailboxes.*' and 'audit.*' calls: the person's BALs (offline rights), the BALs the operator refused,
// switching (the engine follows the active BAL: sync now + its folder on screen IDLEs), the unified inbox
// and the audit trail (view, CSV export).
import type { CallName } from '../../shared/contract';
import type { BalSummary, RefusedBalView, UnifiedMessageItem, UnifiedMessagePage } from '../../shared/types';
import type { EventBus } from '../bridge/events';
import type { Handlers } from '../bridge/dispatcher';
import { UserError } from '../errors';
import { errorFields, log } from '../log';
import type { MailboxService } from '../mailboxes/mailbox-service';
import type { StoreReader } from '../store/reader';
import type { MessageSummary } from '../store/types';
import type { AccountsFile } from '../accounts/accounts-file';
import type { AuditTrail } from '../audit/audit-trail';
import type { AttachmentFiles } from '../mail/attachment-files';
import { cacheLocked, saveFailed } from '../mail/errors';
import { toListItem } from '../mail/view-mapping';

export interface MailboxEngine {
  setActiveFolder(bal: string, folderId: number): Promise<void>;
  syncNow(bal: string): Promise<void>;
}

export interface MailboxHandlerDeps {
  events: EventBus;
  mailboxes: MailboxService;
  accounts: AccountsFile;
  idNat: () => string | null;
  reader: () => StoreReader | null;
  engine: MailboxEngine;
  trail: AuditTrail;
  files: AttachmentFiles;
  /** Confirms the person's rights with the operator again (online session only); false when it cannot. */
  recheck: () => boolean;
  /** Emits 'mailboxes.changed' with the current list. */
  emitMailboxes: () => void;
  /** Unread counts follow new mail and flag changes (coalesced): default 1 s. */
  unreadRefreshMs?: number;
  /** Delay between a switch and the engine's refresh of that BAL: default 250 ms. */
  followDelayMs?: number;
}

type MailboxCalls =
  | 'mailboxes.list' | 'mailboxes.setActive' | 'mailboxes.refused' | 'mailboxes.recheck' | 'mailboxes.setActiveFolder' | 'mailboxes.unified'
  | 'audit.list' | 'audit.exportCsv';
export type MailboxHandlers = Pick<Handlers, MailboxCalls & CallName>;

const msg = (fr: string, en: string) => ({ fr, en });
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

const notOpenForYou = () =>
  new UserError('mailboxes.unknown', msg(
    "Cette boîte aux lettres n'est pas ouverte pour vous sur ce poste.",
    'This mailbox is not open for you on this workstation.',
  ));

/** Newest first, as the folder lists: date descending, then id ascending. */
const newestFirst = (a: MessageSummary, b: MessageSummary) => b.date - a.date || a.id - b.id;
const oldestFirst = (a: MessageSummary, b: MessageSummary) => a.date - b.date || b.id - a.id;

function dayStamp(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}`;
}

export function createMailboxHandlers(deps: MailboxHandlerDeps) {
  const list = (): BalSummary[] => deps.mailboxes.list(deps.idNat());

  const refusedViews = (): RefusedBalView[] =>
    deps.mailboxes.refused(deps.idNat()).map((r) => {
      const account = deps.accounts.get(r.bal);
      return { address: r.bal, label: account?.label ?? r.bal, type: account?.type ?? 'PER', reason: r.reason, cguUrl: r.cguUrl };
    });

  const inboxOf = (reader: StoreReader, bal: string) => {
    const account = reader.getAccountByAddress(bal);
    return account ? { account, inbox: reader.getFolderByPath(account.id, 'INBOX') } : null;
  };

  /**
   * Background: the engine keeps the given folder (INBOX by default) selected and syncs the BAL now —
   * after `delayMs`, so a switch first shows the cached list, then the refresh arrives.
   */
  let followTimer: ReturnType<typeof setTimeout> | null = null;
  const follow = (bal: string, folderId?: number, delayMs = deps.followDelayMs ?? 250) => {
    if (followTimer) clearTimeout(followTimer);
    followTimer = setTimeout(() => void (async () => {
      followTimer = null;
      const reader = deps.reader();
      const target = folderId ?? (reader ? inboxOf(reader, bal)?.inbox?.id : undefined);
      if (target !== undefined) await deps.engine.setActiveFolder(bal, target).catch((e: unknown) => log.info('mailboxes.active-folder-failed', errorFields(e)));
      await deps.engine.syncNow(bal).catch((e: unknown) => log.info('mailboxes.sync-now-failed', errorFields(e)));
    })(), delayMs);
  };

  // Unread counts in the switcher stay live: engine events (new mail, flags, expunges) refresh the list.
  let pending: ReturnType<typeof setTimeout> | null = null;
  const unsubscribe = deps.events.subscribeAll((name) => {
    if ((name !== 'messages.changed' && name !== 'mail.new') || pending || !deps.idNat()) return;
    pending = setTimeout(() => {
      pending = null;
      if (deps.idNat()) deps.emitMailboxes();
    }, deps.unreadRefreshMs ?? 1000);
  });

  const handlers: MailboxHandlers = {
    'mailboxes.list': () => list(),

    'mailboxes.setActive': (_ctx, address) => {
      const bal = deps.mailboxes.setActive(deps.idNat(), address);
      if (!bal) throw notOpenForYou();
      deps.emitMailboxes();
      deps.trail.record(bal.address, 'bal.open', null);
      follow(bal.address);
      return { active: bal.address };
    },

    'mailboxes.refused': () => refusedViews(),

    'mailboxes.recheck': () => ({ started: deps.recheck() }),

    'mailboxes.setActiveFolder': (_ctx, { bal, folderId }) => {
      const reader = deps.reader();
      if (!reader) throw cacheLocked();
      const allowed = list().find((b) => same(b.address, bal));
      const folder = reader.getFolder(folderId);
      const account = allowed ? reader.getAccountByAddress(allowed.address) : null;
      if (!allowed || !folder || !account || folder.accountId !== account.id) throw notOpenForYou();
      void deps.engine.setActiveFolder(allowed.address, folderId).catch((e: unknown) => log.info('mailboxes.active-folder-failed', errorFields(e)));
      return { ok: true };
    },

    'mailboxes.unified': (_ctx, { limit, before, unreadOnly, sort }): UnifiedMessagePage => {
      const reader = deps.reader();
      if (!reader || !deps.idNat()) throw cacheLocked();
      const rows: Array<{ m: MessageSummary; bal: BalSummary }> = [];
      let total = 0;
      for (const bal of list()) {
        const found = inboxOf(reader, bal.address);
        if (!found?.inbox) continue;
        const inboxId = found.inbox.id;
        const node = reader.folderTree(found.account.id).find((n) => n.id === inboxId);
        total += (unreadOnly ? node?.unread : node?.total) ?? 0;
        for (const m of reader.listMessages(inboxId, { limit: limit + 1, beforeRowid: before, unreadOnly, sort })) rows.push({ m, bal });
      }
      // The same order as each folder's query (the cursor works across BALs: a message id encodes its date).
      rows.sort((a, b) => (sort === 'date-asc' ? oldestFirst(a.m, b.m) : newestFirst(a.m, b.m)));
      const page = rows.slice(0, limit);
      const items: UnifiedMessageItem[] = page.map(({ m, bal }) => ({
        ...toListItem(m),
        bal: bal.address,
        balType: bal.type,
        balLabel: bal.label,
      }));
      return { items, next: rows.length > limit ? (page.at(-1)?.m.id ?? null) : null, total };
    },

    'audit.list': (_ctx, q) => {
      if (!deps.reader()) throw cacheLocked();
      return deps.trail.list(q);
    },

    'audit.exportCsv': async (_ctx, q) => {
      if (!deps.reader()) throw cacheLocked();
      const { csv, count } = await deps.trail.csv(q);
      try {
        const savedTo = await deps.files.saveFile({
          filename: `journal-activite-${dayStamp(new Date())}.csv`,
          mime: 'text/csv',
          data: Buffer.from(csv, 'utf8'),
        });
        if (savedTo) deps.trail.record(q.bal ?? 'session', 'audit.export', null, { extra: { rows: count } });
        return { savedTo, count };
      } catch (e) {
        log.warn('audit.export-failed', { reason: (e as NodeJS.ErrnoException).code ?? 'unknown' });
        throw saveFailed();
      }
    },
  };

  return {
    handlers,
    /** Tells the renderer which BALs the operator refused (after a login, a logout, a new BAL). */
    emitRefused: () => deps.events.emit('mailboxes.refusedChanged', refusedViews()),
    /** Background part of a switch, also used at login for the first active BAL. */
    follow,
    dispose: () => {
      unsubscribe();
      if (pending) clearTimeout(pending);
      if (followTimer) clearTimeout(followTimer);
    },
  };
}
