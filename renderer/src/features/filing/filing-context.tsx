// Filing actions shared by the list, the reader, the context menu and the folder tree: delete to the Trash
// (undo in a toast), permanent deletion from the Trash (confirmed), "Archiver" to the server's Archives
// (undo), move / copy through the folder picker, "Classer hors ligne" (confirmed). Each resolves true when
// the action was done, so the caller can drop the rows from its view.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FiledResultView } from '../../../../shared/contract';
import { mss } from '../../bridge';
import { useCompose } from '../compose/compose-context';
import { errorText } from '../mail/hooks';
import { ConfirmDialog, type ConfirmRequest } from './ConfirmDialog';
import { FolderPicker, type PickRequest } from './FolderPicker';
import './i18n';
import './filing.css';

/** A message acted on, with the folder it is in (for the undo of a move). */
export interface Filed {
  id: number;
  folderId: number;
}

export interface Filing {
  remove(ids: number[], o: { inTrash: boolean }): Promise<boolean>;
  archive(ids: number[]): Promise<boolean>;
  /** Opens the folder picker, then moves / copies to the folder chosen. */
  pick(mode: 'move' | 'copy', items: Filed[], bal: string): Promise<boolean>;
  moveTo(items: Filed[], folder: { id: number; label: string }, copy: boolean): Promise<boolean>;
  keepOffline(ids: number[]): Promise<boolean>;
}

const FilingContext = createContext<Filing | null>(null);

export function useFiling(): Filing {
  const f = useContext(FilingContext);
  if (!f) throw new Error('useFiling outside FilingProvider');
  return f;
}

export function FilingProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { toast } = useCompose();
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [picking, setPicking] = useState<PickRequest | null>(null);

  const ask = useCallback(
    (r: Omit<ConfirmRequest, 'onAnswer'>) =>
      new Promise<boolean>((resolve) =>
        setConfirm({
          ...r,
          onAnswer: (ok) => {
            setConfirm(null);
            resolve(ok);
          },
        }),
      ),
    [],
  );

  const failed = useCallback((e: unknown) => {
    toast({ kind: 'error', text: t('filing.failed', { message: errorText(e) }), testId: 'toast-filing-error' });
    return false;
  }, [t, toast]);

  /** Toast with "Annuler": every group goes back to the folder it came from. */
  const offerUndo = useCallback(
    (text: string, r: FiledResultView) => {
      toast({
        kind: 'ok',
        text,
        testId: 'toast-filed',
        action: r.restore.length === 0 ? undefined : {
          label: t('filing.undo'),
          testId: 'toast-undo',
          run: () => {
            Promise.all(r.restore.map((g) => mss.invoke('messages.move', { ids: g.ids, folderId: g.folderId }))).then(
              () => toast({ kind: 'info', text: t('filing.undone', { count: r.restore.reduce((n, g) => n + g.ids.length, 0) }), testId: 'toast-undone' }),
              failed,
            );
          },
        },
      });
    },
    [t, toast, failed],
  );

  const remove = useCallback(
    async (ids: number[], o: { inTrash: boolean }) => {
      if (ids.length === 0) return false;
      try {
        if (o.inTrash) {
          const ok = await ask({
            title: t('filing.confirm.permanentTitle', { count: ids.length }),
            body: t('filing.confirm.permanentBody', { count: ids.length }),
            ok: t('filing.confirm.permanentOk'),
            cancel: t('filing.confirm.cancel'),
            testId: 'confirm-permanent',
          });
          if (!ok) return false;
          const r = await mss.invoke('messages.delete', { ids, permanent: true });
          toast({ kind: 'ok', text: t('filing.deleted', { count: r.deleted }), testId: 'toast-deleted' });
          return true;
        }
        const r = await mss.invoke('messages.delete', { ids });
        offerUndo(t('filing.trashed', { count: r.moved }), r);
        return true;
      } catch (e) {
        return failed(e);
      }
    },
    [ask, t, toast, offerUndo, failed],
  );

  const archive = useCallback(
    async (ids: number[]) => {
      if (ids.length === 0) return false;
      try {
        const r = await mss.invoke('messages.archive', { ids });
        offerUndo(t('filing.archived', { count: r.moved }), r);
        return true;
      } catch (e) {
        return failed(e);
      }
    },
    [t, offerUndo, failed],
  );

  const moveTo = useCallback(
    async (items: Filed[], folder: { id: number; label: string }, copy: boolean) => {
      const ids = items.map((x) => x.id);
      if (ids.length === 0) return false;
      try {
        if (copy) {
          const r = await mss.invoke('messages.copy', { ids, folderId: folder.id });
          toast({ kind: 'ok', text: t('filing.copied', { count: r.copied, folder: folder.label }), testId: 'toast-filed' });
          return true;
        }
        const groups = new Map<number, number[]>();
        for (const x of items) if (x.folderId !== folder.id) groups.set(x.folderId, [...(groups.get(x.folderId) ?? []), x.id]);
        const r = await mss.invoke('messages.move', { ids, folderId: folder.id });
        offerUndo(t('filing.moved', { count: r.moved, folder: folder.label }), {
          moved: r.moved, deleted: 0, folderId: folder.id, restore: [...groups].map(([folderId, g]) => ({ folderId, ids: g })),
        });
        return true;
      } catch (e) {
        return failed(e);
      }
    },
    [t, toast, offerUndo, failed],
  );

  const pick = useCallback(
    (mode: 'move' | 'copy', items: Filed[], bal: string) =>
      new Promise<boolean>((resolve) => {
        if (items.length === 0) return resolve(false);
        setPicking({
          mode, bal, count: items.length, exclude: [...new Set(items.map((x) => x.folderId))],
          onPick: (folder) => {
            setPicking(null);
            if (!folder) return resolve(false);
            void moveTo(items, folder, mode === 'copy').then(resolve);
          },
        });
      }),
    [moveTo],
  );

  const keepOffline = useCallback(
    async (ids: number[]) => {
      if (ids.length === 0) return false;
      const ok = await ask({
        title: t('filing.confirm.keepOfflineTitle', { count: ids.length }),
        body: t('filing.confirm.keepOfflineBody'),
        ok: t('filing.confirm.keepOfflineOk'),
        cancel: t('filing.confirm.cancel'),
        testId: 'confirm-keep-offline',
      });
      if (!ok) return false;
      try {
        const r = await mss.invoke('messages.keepOffline', { ids });
        toast(r.failed > 0
          ? { kind: 'error', text: t('filing.keptOfflinePartial', { failed: r.failed }), testId: 'toast-filing-error' }
          : { kind: 'ok', text: t('filing.keptOffline', { count: r.removedFromServer }), testId: 'toast-kept-offline' });
        return r.removedFromServer > 0;
      } catch (e) {
        return failed(e);
      }
    },
    [ask, t, toast, failed],
  );

  const value = useMemo(() => ({ remove, archive, pick, moveTo, keepOffline }), [remove, archive, pick, moveTo, keepOffline]);
  return (
    <FilingContext.Provider value={value}>
      {children}
      <ConfirmDialog request={confirm} />
      <FolderPicker request={picking} />
    </FilingContext.Provider>
  );
}
