// Browser host for the load scenario: the real host server and mail handlers over a read-only connection
// (StoreReader, WAL) to the encrypted cache the load child's sync engine is writing. The engine's events
// arrive as stdin lines ({"event", "payload"}, see bridgeEventsFromEngine) and go to the page. Commands
// that would change mail are no-ops: the engine belongs to the load child. Key in MSS_LOAD_CACHE_KEY.
//   node --import tsx test/torture/load-host.ts --profile DIR --renderer DIR --bridge FILE --cache FILE --shown BAL
import type { MailEngineCommands } from '../../main/mail/engine-commands';
import { openReader } from '../../main/store/open-store';
import type { BalSummary } from '../../shared/types';
import { announceReady, exitOnSignals, hostArg as arg, relayStdinEvents, startFixtureHost } from '../e2e/mail-fixture/browser-host';

async function main(): Promise<void> {
  const keyHex = process.env.MSS_LOAD_CACHE_KEY;
  if (!keyHex) throw new Error('MSS_LOAD_CACHE_KEY missing');
  const reader = openReader(arg('cache'), keyHex);
  const shown = arg('shown').toLowerCase();
  const accounts = reader.listAccounts();
  const mailboxes: BalSummary[] = accounts.map((a) => ({
    address: a.address, type: a.type, label: a.label, role: 'titulaire', unread: 0, active: a.address.toLowerCase() === shown, confirmedAt: Date.now(),
  }));
  const idOf = new Map(accounts.map((a) => [a.address, a.id]));
  const engine: MailEngineCommands = {
    setFlags: async () => 0,
    move: async () => 0,
    copy: async () => 0,
    delete: async () => 0,
    specialFolder: async () => {
      throw new Error('not available in this host');
    },
    fetchBody: async () => {},
    fetchAttachment: async () => null,
    syncNow: async () => false,
  };
  const h = await startFixtureHost({
    profile: arg('profile'), rendererDir: arg('renderer'), bridgeFile: arg('bridge'), reader, engine, mailboxes,
    unreadOf: (address) => reader.unreadCounts([idOf.get(address)!])[0]?.unread ?? 0,
    tag: 'load', notAvailableFr: "Non disponible dans l'hôte de test de charge.",
  });
  announceReady(h, { bals: mailboxes.length });
  relayStdinEvents(h);
  exitOnSignals(h, () => reader.close());
}

void main().catch((e: unknown) => {
  process.stderr.write(`load host failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
