// One host policy for every discovery source and for every connection: the mail servers of a BAL must be
// under the BAL's domain, or under the server domains of the known operator serving that domain. Any
// other host is used only after the person confirmed it by name (kept in AccountConfig.confirmedHosts);
// the sandbox's loopback addresses pass in test mode only.
import net from 'node:net';
import { AutoconfigError } from './errors';
import { loadKnownOperators, type KnownOperator } from './known-operators';
import type { AccountConfig, Warning } from './types';

export interface HostPolicyContext {
  testMode: boolean;
  /** Defaults to data/known-operators.json (read once). */
  knownOperators?: KnownOperator[];
}

let bundled: KnownOperator[] | undefined;
const operatorsOf = (ctx: HostPolicyContext) => ctx.knownOperators ?? (bundled ??= loadKnownOperators());

export const normalizeHost = (host: string): string => host.trim().toLowerCase().replace(/\.$/, '');
const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();
const isUnder = (host: string, domain: string) => host === domain || host.endsWith(`.${domain}`);
const isLoopback = (host: string) => host === 'localhost' || (net.isIP(host) === 4 && host.startsWith('127.')) || host === '::1';

/** The domains a BAL's servers may live under. */
export function allowedServerDomains(balDomain: string, ctx: HostPolicyContext): string[] {
  const out = [balDomain];
  for (const op of operatorsOf(ctx)) {
    if (op.testOnly && !ctx.testMode) continue;
    if (!op.domains.some((d) => d.toLowerCase() === balDomain)) continue;
    out.push(...(op.serverDomains ?? [op.imap.host, op.smtp.host]).map(normalizeHost));
  }
  return [...new Set(out)];
}

export function configHosts(config: AccountConfig): string[] {
  return [...new Set([config.imap.host, config.smtp.host, config.certificateAuth?.host].filter((h): h is string => !!h).map(normalizeHost))];
}

function isAllowed(host: string, domains: string[], ctx: HostPolicyContext): boolean {
  if (ctx.testMode && isLoopback(host)) return true;
  return !net.isIP(host) && domains.some((d) => isUnder(host, d));
}

/** Hosts of the configuration outside the policy (before any confirmation). */
export function outsideHosts(config: AccountConfig, ctx: HostPolicyContext): string[] {
  const domains = allowedServerDomains(domainOf(config.address), ctx);
  return configHosts(config).filter((h) => !isAllowed(h, domains, ctx));
}

export function outsideHostsWarning(hosts: string[], balDomain: string): Warning {
  return {
    code: 'server-outside-domain',
    message: `Attention : les serveurs de messagerie proposés (${hosts.join(', ')}) ne sont pas dans le domaine ${balDomain} ni chez l'opérateur connu de ce domaine. Votre connexion Pro Santé Connect leur serait confiée : ne les acceptez que si votre opérateur vous les a confirmés.`,
  };
}

/** Checked before every connection: the host is inside the policy or was confirmed by name. */
export function assertConfigHosts(config: AccountConfig, host: string, ctx: HostPolicyContext): void {
  const h = normalizeHost(host);
  const domain = domainOf(config.address);
  if (isAllowed(h, allowedServerDomains(domain, ctx), ctx)) return;
  if ((config.confirmedHosts ?? []).map(normalizeHost).includes(h)) return;
  throw new AutoconfigError(
    'server-outside-domain',
    `Connexion refusée : le serveur « ${h.slice(0, 253)} » n'est pas dans le domaine ${domain} et vous ne l'avez pas confirmé. Refaites la configuration de cette boîte et vérifiez ce serveur auprès de votre opérateur.`,
    { host: h },
  );
}
