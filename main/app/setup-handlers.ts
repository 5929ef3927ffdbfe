// Account setup: discovery from the BAL address (or a pasted autoconfiguration URL), progress events,
// then the account saved once the user has seen the settings (and acknowledged an untrusted domain).
import type { Handlers } from '../bridge/dispatcher';
import type { EventBus } from '../bridge/events';
import { type DiscoveryResult, type TrustList, discover, isAutoconfigError } from '../autoconfig';
import { normalizeHost, outsideHosts } from '../autoconfig/host-policy';
import { trustDomainView, trustListDate } from '../autoconfig/trust-list';
import { UserError } from '../errors';
import type { DiscoveredAccount, BalSummary } from '../../shared/types';
import type { AccountsFile } from '../accounts/accounts-file';
import type { RuntimeConfig } from '../config/runtime-config';

export function toDiscoveredAccount(address: string, r: DiscoveryResult, trustList?: TrustList): DiscoveredAccount {
  const server = (s: DiscoveryResult['config']['imap']) => ({ host: s.host, port: s.port, security: s.security, username: s.username, auth: s.auth });
  return {
    address,
    source: r.source,
    url: r.url ?? null,
    tried: r.tried.map((t) => ({ source: t.source, outcome: t.outcome, ...(t.message ? { message: t.message } : {}) })),
    trusted: r.trusted,
    ...(trustList ? { trustInfo: trustDomainView(r.config.address.split('@')[1] ?? '', trustList), trustListDate: trustListDate(trustList) } : {}),
    outsideHosts: r.outsideHosts,
    warnings: r.warnings,
    displayName: r.config.displayName ?? null,
    imap: server(r.config.imap),
    smtp: server(r.config.smtp),
    psc: r.config.psc ? { issuer: r.config.psc.issuer, flows: r.config.psc.flows } : null,
    cguUrl: r.config.cguUrl ?? null,
    balListingUrl: r.config.balListingUrl ?? null,
    connectionCap: r.config.connectionCap,
    certificateAuth: r.config.certificateAuth ? { host: r.config.certificateAuth.host, port: r.config.certificateAuth.port, security: r.config.certificateAuth.security } : null,
  };
}

export function createSetupHandlers(deps: {
  events: EventBus;
  accounts: AccountsFile;
  runtime: RuntimeConfig;
  /** The trust list in use (TrustListService); default: discovery reads the official copy. */
  trustList?: () => Promise<TrustList>;
  onAccountSaved: (address: string) => BalSummary;
}): Pick<Handlers, 'setup.discover' | 'setup.cancel' | 'setup.saveAccount'> {
  const discovered = new Map<string, DiscoveryResult>();
  let running: AbortController | null = null;

  return {
    'setup.discover': async (_ctx, { address, url }) => {
      running?.abort();
      const controller = new AbortController();
      running = controller;
      try {
        const trustList = deps.trustList ? await deps.trustList() : undefined;
        const result = await discover(address, {
          ...(trustList ? { trustList } : {}),
          testMode: deps.runtime.testMode,
          extraCa: deps.runtime.extraCa,
          dnsServers: deps.runtime.dnsServers,
          hostPortMap: deps.runtime.hostPortMap,
          revocation: deps.runtime.revocation,
          explicitUrl: url,
          policyUrl: deps.runtime.policyAutoconfigUrl,
          signal: controller.signal,
          onProgress: (p) => deps.events.emit('setup.progress', p),
        });
        discovered.set(address.toLowerCase(), result);
        return toDiscoveredAccount(address, result, trustList);
      } catch (err) {
        if (isAutoconfigError(err)) throw new UserError(`setup.${err.code}`, { fr: err.message, en: err.message }, { cause: err });
        throw err;
      } finally {
        if (running === controller) running = null;
      }
    },
    'setup.cancel': () => {
      const had = running !== null;
      running?.abort();
      running = null;
      return { cancelled: had };
    },
    'setup.saveAccount': (_ctx, { address, acknowledgeUntrusted, confirmHosts, imap, smtp }) => {
      const result = discovered.get(address.toLowerCase());
      if (!result) {
        throw new UserError('setup.not-discovered', {
          fr: "Les réglages de cette adresse n'ont pas encore été recherchés : lancez d'abord la recherche.",
          en: 'The settings of this address have not been looked up yet: run the search first.',
        });
      }
      if (!result.trusted && !acknowledgeUntrusted) {
        throw new UserError('setup.untrusted-domain', {
          fr: "Ce domaine n'est pas dans la liste de confiance MSSanté. Confirmez que vous voulez l'utiliser malgré l'avertissement.",
          en: 'This domain is not on the MSSanté trust list. Confirm that you want to use it despite the warning.',
        });
      }
      const edited = { ...result.config, imap: { ...result.config.imap, ...imap }, smtp: { ...result.config.smtp, ...smtp } };
      // The host policy applies to the settings saved, "advanced" edits included: each outside host named.
      const outside = outsideHosts(edited, { testMode: deps.runtime.testMode });
      const confirmed = new Set((confirmHosts ?? []).map(normalizeHost));
      const missing = outside.filter((h) => !confirmed.has(h));
      if (missing.length) {
        throw new UserError('setup.server-outside-domain', {
          fr: `Le serveur ${missing.join(', ')} n'est pas dans le domaine de cette boîte : votre connexion lui serait confiée. Confirmez ce serveur par son nom si votre opérateur vous l'a indiqué, sinon ne l'utilisez pas.`,
          en: `The server ${missing.join(', ')} is outside this mailbox's domain: your login would be entrusted to it. Confirm this server by name if your operator gave it to you, otherwise do not use it.`,
        });
      }
      const config = { ...edited, ...(outside.length ? { confirmedHosts: outside } : {}) };
      deps.accounts.upsert({
        address: result.config.address,
        type: 'PER',
        // The operator's name is not the BAL's: the label comes later from the operator's BAL listing.
        label: result.config.address,
        config,
        discoveredFrom: result.url ?? result.source,
      });
      return deps.onAccountSaved(result.config.address);
    },
  };
}
