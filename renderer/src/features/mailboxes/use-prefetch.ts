// Keeps the folder tree and the INBOX first page of the BALs not on screen in memory (prefetched shortly
// after the BAL list arrives, and again as their mail changes, at most every few seconds), so a switch
// to any of them shows its list at once, then refreshes. Only the current person's BALs are asked for
// (main checks every call again).
import { useEffect, useRef } from 'react';
import type { BalSummary } from '../../../../shared/types';
import { mss } from '../../bridge';
import { primeFolderTree } from '../folders/FolderTree';
import { PAGE_SIZE, primeFirstPage } from '../list/use-message-list';
import { findInbox } from '../mail/folder-names';

const IDLE_MS = 600;
const MIN_INTERVAL_MS = 3000;

export function usePrefetchBals(mailboxes: BalSummary[] | undefined): void {
  const primedAt = useRef(new Map<string, number>());
  const latest = useRef(mailboxes);
  latest.current = mailboxes;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const running = useRef(false);

  useEffect(() => {
    if (!mailboxes?.length || timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      if (running.current) return;
      running.current = true;
      void (async () => {
        try {
          for (const bal of latest.current ?? []) {
            const key = bal.address.toLowerCase();
            if (bal.active || Date.now() - (primedAt.current.get(key) ?? 0) < MIN_INTERVAL_MS) continue;
            primedAt.current.set(key, Date.now());
            try {
              const tree = await mss.invoke('folders.list', bal.address);
              const inbox = findInbox(tree);
              if (!inbox) continue;
              const page = await mss.invoke('messages.list', { folderId: inbox.id, limit: PAGE_SIZE, sort: 'date-desc' });
              // The person may have switched meanwhile: the BAL now on screen loads (and caches) itself.
              if (latest.current?.some((b) => b.active && b.address === bal.address)) continue;
              primeFolderTree(bal.address, tree);
              primeFirstPage(inbox.id, page);
            } catch {
              // Not synced yet, offline, locked: the switch loads it normally.
            }
          }
        } finally {
          running.current = false;
        }
      })();
    }, IDLE_MS);
  }, [mailboxes]);

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);
}
