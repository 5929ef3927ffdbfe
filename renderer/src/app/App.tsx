import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mss } from '../bridge';
import { MessageListPane } from '../features/list/MessageListPane';
import { Sidebar } from '../features/mailboxes/Sidebar';
// ---- Mailboxes & audit (mailboxes helper)
import { AuditDialog } from '../features/audit/AuditDialog';
import { UnifiedListPane } from '../features/unified/UnifiedListPane';
// ---- end Mailboxes & audit
import { ReaderPane } from '../features/reader/ReaderPane';
// ---- Archive & export
import { ArchiveListPane } from '../features/archive/ArchiveListPane';
import { setArchiveViewOpen, useArchiveViewOpen } from '../features/archive/archive-view-state';
// ---- end Archive & export
import { CacheBanner } from './CacheBanner';
import { Header } from './Header';
import { useNewMailNotifications } from '../features/notifications/use-new-mail-notifications';
import { type Pane, nextPane } from './panes';
import { ShortcutsDialog } from './ShortcutsDialog';
import { useLive } from './use-bridge';
import { WorkspaceProvider } from './workspace';
import { SetupDialog } from '../features/setup/SetupDialog';
import { LoginScreen } from '../features/login/LoginScreen';
import { ComposeProvider } from '../features/compose/compose-context';
import { FilingProvider } from '../features/filing/filing-context';
import { ComposeLauncher } from '../features/compose/ComposeLauncher';
import { lockSession } from '../features/session/SessionMenu';
import { useAutoLock } from '../features/session/use-auto-lock';

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

export function App() {
  const { t } = useTranslation();
  const mailboxes = useLive('mailboxes.list', 'mailboxes.changed');
  const session = useLive('session.get', 'session.changed');
  const connectivity = useLive('connectivity.get', 'connectivity.changed');
  const settings = useLive('settings.get', 'settings.changed');
  useNewMailNotifications(settings.value);
  const sessionOpen = Boolean(session.value && !session.value.locked);
  useAutoLock(settings.value?.autoLockMinutes, sessionOpen);
  const [showShortcuts, setShowShortcuts] = useState(false);
  const [showSetup, setShowSetup] = useState(false);
  const sidebarRef = useRef<HTMLElement>(null);
  const listRef = useRef<HTMLElement>(null);
  const readerRef = useRef<HTMLElement>(null);
  const refs = useMemo(() => ({ sidebar: sidebarRef, list: listRef, reader: readerRef }), []);
  const searchRef = useRef<HTMLInputElement>(null);
  const currentPane = useRef<Pane>('sidebar');

  const focusPane = useCallback(
    (pane: Pane) => {
      currentPane.current = pane;
      refs[pane].current?.focus();
    },
    [refs],
  );

  // ---- Mailboxes & audit: unified inbox (Ctrl+0) and the audit trail dialog
  const [unified, setUnified] = useState(false);
  const [showAudit, setShowAudit] = useState(false);
  // The BAL just chosen is shown at once (its cached folders and list load without waiting for main's
  // confirmation); main's answer follows through 'mailboxes.changed'.
  const [chosenBal, setChosenBal] = useState<string | null>(null);
  const selectBal = useCallback((address: string) => {
    setUnified(false);
    setChosenBal(address);
    mss.invoke('mailboxes.setActive', address).catch(() => setChosenBal(null));
  }, []);
  // ---- end Mailboxes & audit

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'l') {
        e.preventDefault(); // "Verrouiller", from anywhere (also while typing)
        if (sessionOpen) void lockSession();
      } else if (e.key === 'F6') {
        e.preventDefault();
        focusPane(nextPane(currentPane.current, e.shiftKey));
      } else if (e.ctrlKey && e.key === '0' && mailboxes.value?.length) {
        e.preventDefault(); // ---- Mailboxes & audit: unified inbox
        setUnified(true);
      } else if (e.ctrlKey && /^[1-9]$/.test(e.key)) {
        const bal = mailboxes.value?.[Number(e.key) - 1];
        if (bal) {
          e.preventDefault();
          selectBal(bal.address);
        }
      } else if (!isTyping(e.target) && e.key === '/') {
        e.preventDefault();
        (unified ? document.getElementById('unified-search') : searchRef.current)?.focus();
      } else if (!isTyping(e.target) && e.key === '?') {
        e.preventDefault();
        setShowShortcuts(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [focusPane, mailboxes.value, selectBal, sessionOpen, unified]);

  const [accountCount, setAccountCount] = useState<number | null>(null);
  const refreshAccounts = useCallback(() => {
    void mss.invoke('setup.accountCount').then(({ count }) => {
      setAccountCount(count);
      if (count === 0) setShowSetup(true);
    });
  }, []);
  useEffect(refreshAccounts, [refreshAccounts]);

  // ---- Mailboxes & audit: optimistic active BAL (see selectBal)
  const active = useMemo(() => {
    const chosen = chosenBal ? mailboxes.value?.find((m) => m.address === chosenBal) : undefined;
    return chosen ? (chosen.active ? chosen : { ...chosen, active: true }) : mailboxes.value?.find((m) => m.active);
  }, [mailboxes.value, chosenBal]);
  const shownMailboxes = useMemo(
    () => (chosenBal && active ? mailboxes.value?.map((m) => (m.active === (m.address === active.address) ? m : { ...m, active: m.address === active.address })) : mailboxes.value),
    [mailboxes.value, chosenBal, active],
  );
  // ---- end Mailboxes & audit
  // ---- Archive & export: "Archives locales" replaces the folder list of the active BAL; closed on BAL change
  const archiveView = useArchiveViewOpen() && !unified;
  useEffect(() => setArchiveViewOpen(false), [active?.address, unified]);
  // ---- end Archive & export
  const needsLogin = accountCount !== null && accountCount > 0 && (!session.value || session.value.locked);
  const bridgeError = mailboxes.error ?? session.error;

  return (
    <div className="app" data-density="comfortable">
      <a className="skip-link" href="#content">
        {t('app.skipToContent')}
      </a>
      <Header active={active} unifiedBals={unified && !needsLogin ? (mailboxes.value?.length ?? 0) : null} session={session.value} connectivity={connectivity.value} settings={settings.value} onShowShortcuts={() => setShowShortcuts(true)} onShowAudit={session.value && !session.value.locked ? () => setShowAudit(true) : undefined} />
      <CacheBanner />
      {bridgeError && (
        <div className="banner banner--error" role="alert" data-testid="bridge-error">
          {t('errors.bridgeUnavailable')}
        </div>
      )}
      {needsLogin ? (
        <LoginScreen locked={Boolean(session.value?.locked)} session={session.value ?? null} />
      ) : (
      <WorkspaceProvider activeBal={active} unified={unified}>
        <ComposeProvider>
        <FilingProvider>
        <div className="app-body">
          <div className="compose-column">
            <ComposeLauncher />
            <Sidebar ref={refs.sidebar} mailboxes={shownMailboxes} onSelect={selectBal} onAdd={() => setShowSetup(true)} unified={unified} onUnified={() => setUnified(true)} />
          </div>
          {/* ---- Mailboxes & audit: the BAL list stays mounted under the unified inbox (leaving it is instant) */}
          {unified && <UnifiedListPane ref={refs.list} mailboxes={shownMailboxes} />}
          {archiveView && <ArchiveListPane ref={refs.list} />}{/* ---- Archive & export */}
          <div className="pane-slot" hidden={unified || archiveView}>
            <MessageListPane ref={unified || archiveView ? undefined : refs.list} searchRef={searchRef} />
          </div>
          <ReaderPane ref={refs.reader} />
        </div>
        </FilingProvider>
        </ComposeProvider>
      </WorkspaceProvider>
      )}
      <ShortcutsDialog open={showShortcuts} onClose={() => setShowShortcuts(false)} />
      <AuditDialog open={showAudit && !needsLogin} onClose={() => setShowAudit(false)} mailboxes={mailboxes.value} />
      <SetupDialog open={showSetup} onClose={() => setShowSetup(false)} onSaved={() => {
          setShowSetup(false);
          refreshAccounts();
        }}
      />
    </div>
  );
}
