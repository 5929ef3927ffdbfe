// The main process's layers, checked on the resolved import graph by `npm run lint` (dependency-cruiser).
// ESLint (eslint.config.js) keeps renderer/, shared/ and preload/ apart; this file keeps main/ in order:
//   main/index.ts, main/host  entry points: start the composition root
//   main/app                  composition root (app-services.ts) and the contract's handlers
//   main/window               the only Electron code besides main/index.ts
//   main/<concern>            services (auth, mailboxes, mail, send, sync, store...): never import upward
// Type-only imports count (tsPreCompilationDeps): a service that names a handler's type depends on it.
const ENTRY = '^main/(index\\.ts$|host/)';
const APP = '^main/app/';

module.exports = {
  forbidden: [
    {
      name: 'no-upward-into-app',
      comment: 'Services never import the composition root, the handlers or the entry points: move what they need to its concern.',
      severity: 'error',
      from: { path: '^main/', pathNot: `${APP}|${ENTRY}` },
      to: { path: `${APP}|${ENTRY}` },
    },
    {
      name: 'electron-only-in-window',
      comment: 'Only main/index.ts and main/window/ import Electron (the services also run under plain Node in the browser host).',
      severity: 'error',
      from: { path: '^main/', pathNot: '^main/(index\\.ts$|window/)' },
      to: { path: '(^|/)node_modules/electron/' },
    },
    {
      name: 'window-only-from-entry',
      comment: 'The window layer (Electron) is wired by the entry points and the composition root, never by a service.',
      severity: 'error',
      from: { path: '^main/', pathNot: `${APP}|${ENTRY}|^main/window/` },
      to: { path: '^main/window/' },
    },
    {
      name: 'handlers-in-app',
      comment: "The contract's handlers live in main/app; a service exposes methods, not Handlers.",
      severity: 'error',
      from: { path: '^main/', pathNot: `${APP}|${ENTRY}|^main/(window|bridge)/` },
      to: { path: '^main/bridge/dispatcher' },
    },
    {
      name: 'bridge-is-transport',
      comment: 'The bridge (dispatcher, events) knows the contract, errors and the logger, nothing of the services.',
      severity: 'error',
      from: { path: '^main/bridge/' },
      to: { path: '^main/', pathNot: '^main/(bridge/|errors\\.ts$|log\\.ts$)' },
    },
    {
      name: 'store-is-the-bottom',
      comment: 'The encrypted store depends on nothing above it (keychain, logger and errors only).',
      severity: 'error',
      from: { path: '^main/store/' },
      to: { path: '^main/', pathNot: '^main/(store/|secrets/|errors\\.ts$|log\\.ts$)' },
    },
    {
      name: 'one-writer',
      comment: "Only the store and the engine worker (main/sync) hold a StoreWriter: the main process writes through CacheWrites (main/store/app-writes.ts), async calls to the worker, on a read-only handle of its own.",
      severity: 'error',
      from: { path: '^main/', pathNot: '^main/(store|sync)/' },
      to: { path: '^main/store/(writer|open-store|index)\\.ts$' },
    },
    {
      name: 'engine-knows-no-main-process',
      comment: 'The sync engine (worker thread) never imports the main-process side: accounts file, bridge, UI mapping, sending, settings.',
      severity: 'error',
      from: { path: '^main/sync/' },
      to: { path: '^main/(accounts|audit|bridge|config|directory|frames|mail|mailboxes|send|settings|window)/' },
    },
    {
      name: 'imapflow-only-in-sync',
      comment: "Only the sync engine talks IMAP: its connection budget is the only door to the operator's per-person cap. The sending side asks the engine (main/sync/protocol.ts OutgoingImap).",
      severity: 'error',
      from: { path: '^main/', pathNot: '^main/sync/' },
      to: { path: '(^|/)node_modules/imapflow/' },
    },
    {
      name: 'imap-connections-only-in-sync',
      comment: 'Opening an IMAP connection outside the engine bypasses its budget. One exception: the rights check at login (one BAL at a time, in the one slot the engine leaves free, see main/mail/sync-controller.ts).',
      severity: 'error',
      from: { path: '^main/', pathNot: '^main/(sync/|mailboxes/rights-check\\.ts$)' },
      to: { path: '^main/sync/(connection|session|sent-copy|drafts-copy|message-source|outgoing)\\.ts$' },
    },
    {
      name: 'product-code-only',
      comment: 'main/ never imports the renderer, the sandbox operator, the tests or the benches.',
      severity: 'error',
      from: { path: '^main/' },
      to: { path: '^(renderer|sandbox|test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
    exclude: { path: '^main/.*\\.md$' },
  },
};
