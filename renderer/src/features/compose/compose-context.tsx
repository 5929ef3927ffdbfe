// Opens the composer from anywhere (new message, reply, forward, draft), keeps the outbox live from
// `outbox.changed`, shows send toasts, and owns the global shortcuts N, R, Shift+R, F.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ComposeDraft, OutboxItemView } from '../../../../shared/types';
import { useWorkspace } from '../../app/workspace';
import { mss } from '../../bridge';
import { errorText, useBridgeEvent } from '../mail/hooks';
import { Composer } from './Composer';
import { Toasts, type Toast } from './Toasts';
import '../../styles/compose.css';

export type PrepareMode = 'reply' | 'reply-all' | 'forward' | 'forward-attachment';

export type OpenRequest =
  | { kind: 'new' }
  | { kind: 'prepare'; messageId: number; mode: PrepareMode }
  | { kind: 'draft'; draftId: number }
  /** A message of the Drafts folder (possibly written on another workstation), edited as a draft. */
  | { kind: 'server-draft'; messageId: number };

interface Compose {
  open: (req: OpenRequest) => void;
  isOpen: boolean;
  outbox: OutboxItemView[];
  retry: (id: number) => Promise<void>;
  /** Lists the outbox again (when its panel opens). */
  refreshOutbox: () => void;
  toast: (t: Omit<Toast, 'id'>) => void;
}

const ComposeContext = createContext<Compose | null>(null);

export function useCompose(): Compose {
  const c = useContext(ComposeContext);
  if (!c) throw new Error('useCompose outside ComposeProvider');
  return c;
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

interface Session {
  key: number;
  draft: ComposeDraft | null;
  error: string | null;
  focus: 'to' | 'body';
  fresh: boolean;
}

let sessionSeq = 0;

export function ComposeProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { activeBal, messageId, unified, unifiedBal } = useWorkspace();
  const [session, setSession] = useState<Session | null>(null);
  const [outbox, setOutbox] = useState<OutboxItemView[]>([]);
  const [toasts, setToasts] = useState<Toast[]>([]);

  const toast = useCallback((x: Omit<Toast, 'id'>) => {
    const id = Date.now() + Math.random();
    setToasts((list) => [...list.slice(-3), { ...x, id }]);
  }, []);
  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((x) => x.id !== id)), []);

  // Outbox: listed once (and when its panel opens), then live.
  const refreshOutbox = useCallback(() => {
    mss.invoke('outbox.list', {}).then(setOutbox, () => {});
  }, []);
  useEffect(refreshOutbox, [refreshOutbox]);
  useBridgeEvent('outbox.changed', (item) => {
    setOutbox((list) => {
      const i = list.findIndex((x) => x.id === item.id);
      if (i < 0) return [item, ...list];
      const next = list.slice();
      next[i] = item;
      return next;
    });
    if (item.state === 'failed') toast({ kind: 'error', text: t('compose.outbox.failedToast', { subject: item.subject || t('compose.noSubject') }) });
  });

  const retry = useCallback(async (id: number) => {
    try {
      const item = await mss.invoke('outbox.retry', id);
      setOutbox((list) => list.map((x) => (x.id === item.id ? item : x)));
    } catch (e) {
      toast({ kind: 'error', text: errorText(e) });
    }
  }, [toast]);

  const open = useCallback(
    (req: OpenRequest) => {
      if (session) return; // one composer at a time: the open one keeps the focus
      const key = ++sessionSeq;
      if (req.kind === 'new') {
        setSession({ key, draft: null, error: null, focus: 'to', fresh: true });
        return;
      }
      const load =
        req.kind === 'prepare'
          ? mss.invoke('compose.prepare', { messageId: req.messageId, mode: req.mode })
          : req.kind === 'server-draft'
            ? mss.invoke('drafts.fromMessage', req.messageId)
            : mss.invoke('drafts.get', req.draftId);
      const focus: Session['focus'] = req.kind === 'prepare' && (req.mode === 'reply' || req.mode === 'reply-all') ? 'body' : 'to';
      load.then(
        (draft) => setSession({ key, draft, error: null, focus, fresh: req.kind === 'prepare' }),
        (e: unknown) => toast({ kind: 'error', text: t(req.kind === 'server-draft' ? 'compose.draftOpenFailed' : 'compose.prepareFailed', { message: errorText(e) }) }),
      );
    },
    [session, t, toast],
  );

  // Global shortcuts (not while typing, not over another dialog).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target) || document.querySelector('dialog[open]')) return;
      if (e.key === 'n' || e.key === 'N') {
        if (e.shiftKey) return;
        e.preventDefault();
        open({ kind: 'new' });
      } else if (messageId !== null && (e.key === 'r' || e.key === 'R')) {
        e.preventDefault();
        open({ kind: 'prepare', messageId, mode: e.shiftKey ? 'reply-all' : 'reply' });
      } else if (messageId !== null && (e.key === 'f' || e.key === 'F')) {
        e.preventDefault();
        open({ kind: 'prepare', messageId, mode: e.shiftKey ? 'forward-attachment' : 'forward' });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, messageId]);

  const onSent = useCallback(
    (item: OutboxItemView, offline: boolean) => {
      setOutbox((list) => [item, ...list.filter((x) => x.id !== item.id)]);
      toast({ kind: 'ok', text: offline ? `${t('compose.sentToast')} ${t('compose.sentOffline')}` : t('compose.sentToast'), testId: 'toast-sent' });
    },
    [t, toast],
  );

  const value = useMemo(() => ({ open, isOpen: session !== null, outbox, retry, refreshOutbox, toast }), [open, session, outbox, retry, refreshOutbox, toast]);

  return (
    <ComposeContext.Provider value={value}>
      {children}
      {session && (
        <Composer
          key={session.key}
          initial={session.draft}
          fresh={session.fresh}
          focus={session.focus}
          defaultBal={unified ? unifiedBal : (activeBal?.address ?? null)}
          unified={unified}
          onClose={() => setSession(null)}
          onSent={onSent}
          onToast={toast}
        />
      )}
      <Toasts toasts={toasts} onDismiss={dismiss} />
    </ComposeContext.Provider>
  );
}
