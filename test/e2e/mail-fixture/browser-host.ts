// The browser-host setup shared by the test hosts (mail-fixture/host.ts, torture/xss-host.ts,
// torture/load-host.ts): the real host server, the real mail handlers over a reader of an encrypted cache,
// the few app calls the mail UI needs (session, mailboxes, settings...), every other call answering
// "not available here". Also: building the renderer + page bridge, argv, stdin events, ready line, signals.
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { EventName } from '../../../shared/contract';
import type { BalSummary, ConnectivityState, SessionInfo } from '../../../shared/types';
import { createMailHandlers } from '../../../main/app/mail-handlers';
import type { MailEngineCommands } from '../../../main/mail/engine-commands';
import { downloadsFolderFiles } from '../../../main/mail/attachment-files';
import { EventBus } from '../../../main/bridge/events';
import { type Handlers, createDispatcher } from '../../../main/bridge/dispatcher';
import { UserError } from '../../../main/errors';
import { type RunningHost, startHost } from '../../../main/host/server';
import { MessageFrames } from '../../../main/frames/message-frames';
import { SettingsService } from '../../../main/settings/settings-service';
import type { StoreReader } from '../../../main/store/reader';
import { inspectXdm, xdmDocument } from '../../../main/xdm';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** `--name value` of this process (throws when missing). */
export function hostArg(name: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || !process.argv[i + 1]) throw new Error(`missing --${name}`);
  return process.argv[i + 1]!;
}

export const ALICE_SESSION: SessionInfo = {
  idNat: '810001234567', givenName: 'Alice', familyName: 'MARTIN', profession: 'Médecin', method: 'CARD', locked: false, offline: false, since: Date.now(),
};

export interface FixtureHostOptions {
  profile: string;
  rendererDir: string;
  bridgeFile: string;
  reader: StoreReader;
  engine: MailEngineCommands;
  /** The BALs shown (the active one first chosen by `active`); they are also the BALs the person may open. */
  mailboxes: BalSummary[];
  /** Live unread count of a BAL for 'mailboxes.list' (default: the value given in `mailboxes`). */
  unreadOf?: (address: string) => number;
  session?: SessionInfo;
  /** Shown in app.getInfo's version ("0.0.0-<tag>") and in the not-available error code. */
  tag: string;
  notAvailableFr: string;
}

export interface FixtureHost {
  host: RunningHost;
  events: EventBus;
  /** Emits a bridge event to the page (connectivity.changed is also kept for 'connectivity.get'). */
  emit(name: EventName, payload: unknown): void;
  close(): Promise<void>;
}

export async function startFixtureHost(o: FixtureHostOptions): Promise<FixtureHost> {
  const events = new EventBus();
  const settings = new SettingsService(o.profile, (s) => events.emit('settings.changed', s));
  const session = o.session ?? ALICE_SESSION;
  let connectivity: ConnectivityState = { online: true, since: Date.now() };
  let mailboxes = o.mailboxes;
  const listed = () => (o.unreadOf ? mailboxes.map((m) => ({ ...m, unread: o.unreadOf!(m.address) })) : mailboxes);
  const mail = createMailHandlers({
    reader: () => o.reader,
    engine: o.engine,
    allowedBals: () => mailboxes.map((m) => m.address),
    files: downloadsFolderFiles(path.join(o.profile, 'Téléchargements')),
    remoteImages: { allowInsecureForTests: true, timeoutMs: 3000 },
  });
  const frames = new MessageFrames();
  // IHE XDM packages read from the cached attachment (the app reads them the same way, main/send), for
  // the BALs shown only.
  const xdmData = (messageId: number, attachmentId: number): Buffer => {
    const m = o.reader.getMessage(messageId);
    const account = m ? o.reader.listAccounts().find((a) => a.id === m.accountId) : undefined;
    const allowed = !!account && mailboxes.some((b) => b.address.toLowerCase() === account.address.toLowerCase());
    const ref = allowed ? m?.attachments.find((a) => a.attachmentId === attachmentId) : undefined;
    const data = ref ? o.reader.getAttachmentData(messageId, ref.part) : null;
    if (!data) throw new UserError(`${o.tag}.attachment-unavailable`, { fr: 'Pièce jointe indisponible.', en: 'Attachment unavailable.' });
    return data;
  };
  const base: Partial<Record<string, unknown>> = {
    'frames.open': (_c: unknown, html: string) => ({ url: frames.put(html) }),
    'app.getInfo': () => ({ name: 'Messagerie MSSanté', version: `0.0.0-${o.tag}`, host: 'browser', platform: process.platform, sandboxMode: true }),
    'settings.get': () => settings.get(),
    'settings.update': (_c: unknown, patch: Parameters<SettingsService['update']>[0]) => settings.update(patch),
    'session.get': () => session,
    'connectivity.get': () => connectivity,
    'mailboxes.list': () => listed(),
    'mailboxes.setActive': (_c: unknown, address: string) => {
      mailboxes = mailboxes.map((m) => ({ ...m, active: m.address.toLowerCase() === address.toLowerCase() }));
      events.emit('mailboxes.changed', listed());
      return { active: address };
    },
    'setup.accountCount': () => ({ count: 1 }),
    'cache.status': () => ({ open: true, storedIn: 'keychain', problem: null }),
    'shell.openExternal': () => ({ opened: false }),
    'xdm.inspect': (_c: unknown, a: { messageId: number; attachmentId: number }) => inspectXdm(xdmData(a.messageId, a.attachmentId)),
    'xdm.document': (_c: unknown, a: { messageId: number; attachmentId: number; documentId: string }) =>
      xdmDocument(xdmData(a.messageId, a.attachmentId), a.documentId),
    ...mail,
  };
  // Calls of other features (composer, outbox...) answer "not available here" instead of failing.
  const handlers = new Proxy(base, {
    get: (target, name: string) =>
      target[name] ??
      (() => {
        throw new UserError(`${o.tag}.not-available`, { fr: o.notAvailableFr, en: 'Not available in the test host.' });
      }),
  });
  const dispatcher = createDispatcher(handlers as unknown as Handlers, () => settings.get().language);
  const host = await startHost({ dispatcher, events, rendererDir: o.rendererDir, hostBridgeFile: o.bridgeFile, frames });
  return {
    host,
    events,
    emit(name, payload) {
      if (name === 'connectivity.changed') connectivity = payload as ConnectivityState;
      events.emit(name, payload as never);
    },
    close: () => host.close(),
  };
}

/** Control lines on stdin become bridge events: {"event": name, "payload": ...} per line. */
export function relayStdinEvents(h: FixtureHost): void {
  readline.createInterface({ input: process.stdin }).on('line', (line) => {
    if (!line.startsWith('{')) return;
    const msg = JSON.parse(line) as { event: EventName; payload: unknown };
    h.emit(msg.event, msg.payload);
  });
}

/** The ready line the parent waits for on stdout. */
export function announceReady(h: FixtureHost, extra: Record<string, unknown> = {}): void {
  process.stdout.write(JSON.stringify({ ready: true, port: h.host.port, url: h.host.url, ...extra }) + '\n');
}

/** SIGTERM / SIGINT: close the host, then `cleanup` (stores), then exit. */
export function exitOnSignals(h: FixtureHost, cleanup: () => void): void {
  const stop = async () => {
    await h.close();
    cleanup();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

/**
 * The renderer and the host's page bridge built with vite into `outDir` (renderer/, host/host-bridge.js),
 * never touching out/. Async so that a caller can do something else meanwhile.
 */
export async function buildHostBundle(outDir: string): Promise<{ rendererDir: string; bridgeFile: string }> {
  const vite = path.join(REPO, 'node_modules/vite/bin/vite.js');
  const steps: Array<[string[], Record<string, string>]> = [
    [['build', '--config', 'vite.renderer.config.ts', '--outDir', path.join(outDir, 'renderer'), '--emptyOutDir', '--logLevel', 'warn'], {}],
    [['build', '--config', 'vite.preload.config.ts', '--outDir', path.join(outDir, 'host'), '--logLevel', 'warn'], { MSS_PRELOAD_TARGET: 'host' }],
  ];
  for (const [args, env] of steps) {
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      let err = '';
      const p = spawn(process.execPath, [vite, ...args], { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
      p.stderr.on('data', (d: Buffer) => (err += d.toString()));
      p.once('exit', (c) => resolve({ code: c, stderr: err }));
    });
    if (code !== 0) throw new Error(`vite build failed: ${stderr.slice(-2000)}`);
  }
  return { rendererDir: path.join(outDir, 'renderer'), bridgeFile: path.join(outDir, 'host', 'host-bridge.js') };
}
