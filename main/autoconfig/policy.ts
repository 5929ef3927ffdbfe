// Security policy: https only, no private/loopback addresses outside test mode, TLS (implicit or STARTTLS) only.
import net from 'node:net';
import { isPrivateAddress } from '../net/address-policy';
import { AutoconfigError } from './errors';
import type { Security } from './types';

export interface ParsedAddress {
  address: string;
  localPart: string;
  domain: string;
}

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$/;
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** Validates a BAL address; the domain is lower-cased. */
export function parseAddress(input: string): ParsedAddress {
  const trimmed = input.trim();
  const at = trimmed.lastIndexOf('@');
  const localPart = at > 0 ? trimmed.slice(0, at) : '';
  const domain = at > 0 ? trimmed.slice(at + 1).toLowerCase() : '';
  if (!LOCAL_PART.test(localPart) || localPart.startsWith('.') || localPart.endsWith('.') || !isHostname(domain) || !domain.includes('.')) {
    throw new AutoconfigError('invalid-address', `L'adresse « ${trimmed.slice(0, 100)} » n'est pas une adresse de messagerie valide. Vérifiez-la (forme attendue : prenom.nom@domaine.mssante.fr).`);
  }
  return { address: `${localPart}@${domain}`, localPart, domain };
}

export function isHostname(host: string): boolean {
  return HOSTNAME.test(host);
}

/** Server host names in a configuration: DNS names, or IP literals in test mode only. */
export function checkServerHost(host: string, testMode: boolean): string {
  const h = host.trim().toLowerCase();
  if (net.isIP(h)) {
    checkAddressAllowed(h, testMode, h);
    return h;
  }
  if (!isHostname(h)) throw new AutoconfigError('config-invalid', `Le nom de serveur « ${host.slice(0, 100)} » n'est pas valide. Signalez-le à votre opérateur.`);
  return h;
}

/** Only https URLs without credentials are fetched. */
export function checkHttpsUrl(raw: string, what = 'Adresse de configuration'): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new AutoconfigError('invalid-url', `${what} : « ${raw.slice(0, 200)} » n'est pas une adresse web valide. Vérifiez le lien fourni par l'opérateur.`);
  }
  if (url.protocol === 'http:') {
    throw new AutoconfigError('http-refused', `${what} : l'adresse « ${url.origin} » n'est pas sécurisée (http). Seules les adresses https sont acceptées : demandez à votre opérateur ou à votre prestataire l'adresse en https.`);
  }
  if (url.protocol !== 'https:') {
    throw new AutoconfigError('invalid-url', `${what} : seules les adresses https sont acceptées (reçu « ${url.protocol} »). Vérifiez le lien fourni.`);
  }
  if (url.username || url.password) {
    throw new AutoconfigError('invalid-url', `${what} : une adresse contenant un identifiant ou un mot de passe est refusée. Utilisez l'adresse sans identifiants.`);
  }
  return url;
}

// The address policy (loopback, private, link-local, CGNAT, benchmark, documentation, IPv4 inside IPv6...)
// is the app's one module, shared with the remote images.
export { isPrivateAddress } from '../net/address-policy';

export function checkAddressAllowed(ip: string, testMode: boolean, host: string): void {
  if (!testMode && isPrivateAddress(ip)) {
    throw new AutoconfigError('private-address', `Le serveur « ${host} » pointe vers une adresse locale ou privée (${ip}), ce qui est refusé pour votre sécurité. Contactez votre opérateur ou votre prestataire informatique.`, { ip, host });
  }
}

/** Thunderbird socketType → our security; plain text is refused. */
export function socketTypeToSecurity(socketType: string): Security {
  const s = socketType.trim().toUpperCase();
  if (s === 'SSL' || s === 'TLS') return 'tls';
  if (s === 'STARTTLS') return 'starttls';
  if (s === 'PLAIN') {
    throw new AutoconfigError('insecure-socket', 'La configuration propose une connexion non chiffrée (socketType « plain »), refusée : MSSanté impose TLS ou STARTTLS. Signalez-le à votre opérateur.');
  }
  throw new AutoconfigError('config-invalid', `Type de connexion inconnu (socketType « ${socketType.slice(0, 40)} »). Signalez-le à votre opérateur.`);
}

export const TLS_MIN_VERSION = 'TLSv1.2' as const;
