// Composition root of the main-process services, shared by the Electron shell and the browser host:
// both build the same handlers from here, so the renderer talks to identical services.
import type { BalSummary, ConnectivityState, Settings } from '../../shared/types';
import { EventBus } from '../bridge/events';
import { type Handlers, createDispatcher } from '../bridge/dispatcher';
import { UserError } from '../errors';
import { SettingsService } from '../settings/settings-service';
import { isSafeExternalUrl } from '../window/external-links';
import { readAppVersion } from './version';

export interface AppEnvironment {
  host: 'electron' | 'browser';
  profileDir: string;
  sandboxMode: boolean;
  /** Opens a checked https URL with the operating system; returns whether it did. */
  openExternal: (url: string) => Promise<boolean>;
}

export function createAppServices(env: AppEnvironment) {
  const events = new EventBus();
  const settings = new SettingsService(env.profileDir, (s: Settings) => events.emit('settings.changed', s));
  let connectivity: ConnectivityState = { online: true, since: Date.now() };
  let mailboxes: BalSummary[] = [];

  const handlers: Handlers = {
    'app.getInfo': () => ({
      name: 'Messagerie MSSanté',
      version: readAppVersion(),
      host: env.host,
      platform: process.platform,
      sandboxMode: env.sandboxMode,
    }),
    'settings.get': () => settings.get(),
    'settings.update': (_ctx, patch) => settings.update(patch),
    'shell.openExternal': async (_ctx, url) => {
      if (!isSafeExternalUrl(url)) {
        throw new UserError('shell.unsafe-url', {
          fr: "Ce lien n'a pas été ouvert : seuls les liens https vers un site nommé sont autorisés.",
          en: 'This link was not opened: only https links to a named site are allowed.',
        });
      }
      return { opened: await env.openExternal(url) };
    },
    'session.get': () => null,
    'connectivity.get': () => connectivity,
    'mailboxes.list': () => mailboxes,
    'mailboxes.setActive': (_ctx, address) => {
      const target = mailboxes.find((m) => m.address.toLowerCase() === address.toLowerCase());
      if (!target) {
        throw new UserError('mailboxes.unknown', {
          fr: "Cette boîte aux lettres n'est pas ouverte dans l'application. Ajoutez-la d'abord.",
          en: 'This mailbox is not open in the application. Add it first.',
        });
      }
      mailboxes = mailboxes.map((m) => ({ ...m, active: m === target }));
      events.emit('mailboxes.changed', mailboxes);
      return { active: target.address };
    },
  };

  const dispatcher = createDispatcher(handlers, () => settings.get().language);
  return {
    events,
    dispatcher,
    settings,
    setConnectivity(next: ConnectivityState) {
      connectivity = next;
      events.emit('connectivity.changed', next);
    },
    dispose() {},
  };
}

export type AppServices = ReturnType<typeof createAppServices>;
