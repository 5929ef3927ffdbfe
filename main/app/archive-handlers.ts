// The 'Archive & export' calls: archive (the engine makes and verifies the local copy, then deletes the
// server copy), the "Archives locales" view, the per-BAL policy, .eml / mbox exports through the attachment
// files dependency (Electron: save dialog; browser host: the profile's Téléchargements folder).
import type { CallName } from '../../shared/contract';
import type { BalRole } from '../../shared/types';
import type { ArchivePolicyView, ExportResultView } from '../../shared/contract';
import type { Handlers } from '../bridge/dispatcher';
import { UserError } from '../errors';
import { errorFields, log } from '../log';
import { ArchiveReader, type ExportRow } from '../archive/archive-reader';
import { mboxrdRecord } from '../archive/mbox';
import type { ArchivePolicy } from '../archive/policy';
import { checkArchivePolicy } from '../archive/policy-store';
import type { CacheWrites } from '../store/app-writes';
import type { StoreReader } from '../store/reader';
import type { EngineApi } from '../sync/protocol';
import { MailAccess } from '../mail/access';
import { safeFilename } from '../mail/attachment-content';
import type { AttachmentFiles } from '../mail/attachment-files';
import { cacheLocked } from '../mail/errors';
import { toListItem } from '../mail/view-mapping';

export interface ArchiveHandlerDeps {
  reader: () => StoreReader | null;
  /** The single writer (policy, export audit): async calls to the engine worker; null while the cache is closed. */
  writes: () => CacheWrites | null;
  engine: () => Promise<Pick<EngineApi, 'archive' | 'ensureRaw'> | null>;
  allowedBals: () => string[];
  actor: () => { idNat: string; name: string } | null;
  /** The person's role on a BAL (offline rights), null when unknown. */
  roleOf: (bal: string) => BalRole | null;
  files: AttachmentFiles;
}

type ArchiveCalls = 'messages.keepOffline' | 'archive.list' | 'archive.getPolicy' | 'archive.setPolicy' | 'messages.exportEml' | 'folders.exportMbox';
export type ArchiveHandlers = Pick<Handlers, ArchiveCalls & CallName>;

const msg = (fr: string, en: string) => ({ fr, en });
const archiveUnavailable = () => new UserError('archive.unavailable', msg(
  "L'archivage n'a pas pu être fait : le serveur de messagerie est injoignable ou la synchronisation est arrêtée. Les messages restent sur le serveur ; réessayez une fois la connexion rétablie.",
  'Archiving could not be done: the mail server is unreachable or sync is stopped. The messages stay on the server; try again once connected.',
));
const keepOfflineNotAllowed = () => new UserError('archive.keep-offline-not-allowed', msg(
  "Classer hors ligne retire le message du serveur : les autres utilisateurs de la boîte ne le verront plus. Seul le titulaire de la boîte peut le faire, ou le cabinet en fixant une règle de conservation. Utilisez « Archiver » pour le ranger dans le dossier Archives partagé.",
  'Keeping offline removes the message from the server: the other users of the mailbox will no longer see it. Only the mailbox holder may do it, or the practice by setting a retention rule. Use "Archive" to file it in the shared Archives folder.',
));
const sourceUnavailable = () => new UserError('archive.source-unavailable', msg(
  "Le message d'origine n'est pas enregistré sur ce poste et le serveur est injoignable : l'export n'a pas pu être fait. Réessayez une fois connecté.",
  'The original message is not stored on this workstation and the server is unreachable: export failed. Try again once connected.',
));
const nothingToExport = () => new UserError('archive.nothing-to-export', msg(
  "Il n'y a aucun message à exporter ici.",
  'There is no message to export here.',
));

const exportSaveFailed = () => new UserError('archive.save-failed', msg(
  "Le fichier d'export n'a pas pu être enregistré. Vérifiez l'espace disque et les droits du dossier choisi, puis réessayez.",
  'The export file could not be saved. Check the disk space and the rights on the chosen folder, then try again.',
));

const toPolicyView = (p: ArchivePolicy | null): ArchivePolicyView | null =>
  p ? { bal: p.bal, days: p.days, serverAction: p.serverAction, updatedAt: p.updatedAt } : null;

export function createArchiveHandlers(deps: ArchiveHandlerDeps): ArchiveHandlers {
  const open = () => {
    const reader = deps.reader();
    const actor = deps.actor();
    if (!reader || !actor) throw cacheLocked();
    return { reader, actor, access: new MailAccess(reader, deps.allowedBals()), archive: new ArchiveReader(reader) };
  };

  const audit = (bal: string, action: string, target: string | null, detail: Record<string, string | number>) => {
    const writer = deps.writes();
    const actor = deps.actor();
    if (!writer || !actor) return;
    void writer
      .appendAudit({ idnat: actor.idNat, bal, action, target: target?.slice(0, 500) ?? null, result: 'ok', detail: { who: actor.name.slice(0, 200), ...detail } })
      .catch((err: unknown) => log.warn('archive.audit-failed', errorFields(err)));
  };

  /** Sources of `rows`, asking the engine for the ones not stored yet (when online). */
  const sources = async (archive: ArchiveReader, rows: ExportRow[]) => {
    const missing = rows.filter((r) => !r.hasRaw).map((r) => r.id);
    if (missing.length > 0) {
      const engine = await deps.engine().catch(() => null);
      await engine?.ensureRaw(missing).catch((err: unknown) => log.warn('archive.ensure-raw-failed', errorFields(err)));
    }
    return rows.map((r) => ({ row: r, raw: archive.raw(r.id) }));
  };

  const save = async (filename: string, mime: string, data: Buffer) => {
    try {
      return await deps.files.saveFile({ filename, mime, data });
    } catch (e) {
      log.warn('archive.save-failed', { reason: (e as NodeJS.ErrnoException).code ?? 'unknown' });
      throw exportSaveFailed();
    }
  };

  return {
    'messages.keepOffline': async (_ctx, { ids }) => {
      const { actor, access, archive } = open();
      const groups = access.messagesByBal(ids); // every id must be in an allowed BAL
      // Removing a message from a shared BAL's server hides it from its other users: the titulaire decides,
      // or the cabinet's retention settings (a policy set for the BAL) allow it.
      for (const bal of groups.keys()) if (deps.roleOf(bal) !== 'titulaire' && !archive.policy(bal)) throw keepOfflineNotAllowed();
      const engine = await deps.engine().catch(() => null);
      if (!engine) throw archiveUnavailable();
      let archived = 0, removed = 0, failed = 0;
      for (const [bal, g] of groups) {
        const policy = archive.policy(bal);
        try {
          const r = await engine.archive(g.ids, { actor, auto: false, serverAction: policy?.serverAction ?? 'expunge' });
          archived += r.archived.length;
          removed += r.removedFromServer.length;
          failed += g.ids.length - r.removedFromServer.length;
        } catch (err) {
          log.warn('archive.engine-failed', errorFields(err));
          if (archived === 0) throw archiveUnavailable();
          failed += g.ids.length;
        }
      }
      return { archived, removedFromServer: removed, failed };
    },

    'archive.list': (_ctx, o) => {
      const { reader, access, archive } = open();
      access.requireBal(o.bal);
      const account = reader.getAccountByAddress(o.bal);
      if (!account) return { items: [], next: null, total: 0 };
      const rows = archive.listLocal(account.id, { limit: o.limit + 1, before: o.before });
      const page = rows.slice(0, o.limit);
      return { items: page.map((m) => toListItem(m)), next: rows.length > o.limit ? (page.at(-1)?.id ?? null) : null, total: archive.countLocal(account.id) };
    },

    'archive.getPolicy': (_ctx, { bal }) => {
      const { access, archive } = open();
      access.requireBal(bal);
      return toPolicyView(archive.policy(bal));
    },

    'archive.setPolicy': async (_ctx, { bal, days, serverAction }) => {
      const { actor, access, archive } = open();
      access.requireBal(bal);
      const writer = deps.writes();
      if (!writer) throw cacheLocked();
      await writer.setArchivePolicy(bal, checkArchivePolicy(days === null ? null : { days, serverAction }), actor.idNat);
      audit(bal, 'archive.policy', bal, { days: days ?? 0, serverAction });
      return toPolicyView(archive.policy(bal));
    },

    'messages.exportEml': async (_ctx, { id }) => {
      const { reader, access, archive } = open();
      const { message, bal } = access.message(id);
      const [src] = await sources(archive, [{ id, date: message.date, fromAddr: message.from?.address ?? null, messageId: message.messageId, hasRaw: archive.raw(id) !== null }]);
      if (!src?.raw) throw sourceUnavailable();
      const name = safeFilename(`${(message.subject ?? '').trim().slice(0, 80) || 'message'}.eml`, 'message.eml');
      const savedTo = await save(name, 'message/rfc822', src.raw);
      if (savedTo) audit(bal, 'export', message.messageId ?? `local:${id}`, { format: 'eml', folder: reader.getFolder(message.folderId)?.path.slice(0, 200) ?? '' });
      return { savedTo };
    },

    'folders.exportMbox': async (_ctx, target): Promise<ExportResultView> => {
      const { reader, access, archive } = open();
      let rows: ExportRow[];
      let bal: string;
      let label: string;
      if ('folderId' in target) {
        const f = access.folder(target.folderId);
        bal = f.bal;
        label = f.folder.path;
        rows = archive.folderMessages(f.folder.id);
      } else {
        access.requireBal(target.bal);
        bal = target.bal;
        label = 'Archives locales';
        const account = reader.getAccountByAddress(target.bal);
        rows = account ? archive.localArchiveMessages(account.id) : [];
      }
      if (rows.length === 0) throw nothingToExport();
      const parts: Buffer[] = [];
      let missing = 0;
      for (const { row, raw } of await sources(archive, rows)) {
        if (!raw) {
          missing++;
          continue;
        }
        parts.push(mboxrdRecord({ raw, sender: row.fromAddr, date: row.date }));
      }
      if (parts.length === 0) throw sourceUnavailable();
      const name = safeFilename(`${bal.split('@')[0]} - ${label.replace(/[/\\.]/g, '-')}.mbox`, 'export.mbox');
      const savedTo = await save(name, 'application/mbox', Buffer.concat(parts));
      if (savedTo) audit(bal, 'export', label.slice(0, 200), { format: 'mbox', count: parts.length, missing });
      return { savedTo, count: parts.length, missing };
    },
  };
}
