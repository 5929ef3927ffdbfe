// Readers for the optional parts of a clientConfig: PSC (mss:psc / oAuth2), certificate endpoint, URLs.
import { expandPlaceholders } from './placeholders';
import { checkHttpsUrl, checkServerHost, socketTypeToSecurity, type ParsedAddress } from './policy';
import {
  ALL_PSC_FLOWS, KNOWN_PSC_ISSUERS, PSC_DEFAULT_ACR, PSC_DEFAULT_SCOPE, PSC_PRODUCTION_ISSUER, walletDiscoveryUrl,
} from './psc-defaults';
import { mssChildren, mssValue, type Scope } from './mss-namespace';
import { PscFlowSchema, type CertificateAuth, type PscConfig, type PscFlow, type Warning } from './types';
import { attrOf, childrenOf, textOf, type XmlElement } from './xml';

export interface ParseOptions {
  testMode: boolean;
}

export function parsePort(raw: string | undefined): number | undefined {
  if (!raw || !/^\d{1,5}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= 1 && n <= 65535 ? n : undefined;
}


export function optionalHttpsUrl(raw: string | undefined, a: ParsedAddress, label: string, warnings: Warning[]): string | undefined {
  if (!raw) return undefined;
  try {
    return checkHttpsUrl(expandPlaceholders(raw, a, true), label).toString();
  } catch (e) {
    warnings.push({ code: 'ignored-url', message: `${(e as Error).message} (élément ignoré)` });
    return undefined;
  }
}


export function readPsc(
  provider: XmlElement, root: XmlElement, scope: Scope, a: ParsedAddress, opts: ParseOptions, warnings: Warning[],
): PscConfig | undefined {
  const oauth = childrenOf(root, 'oAuth2')[0] ?? childrenOf(provider, 'oAuth2')[0];
  const o = oauth && {
    issuer: textOf(childrenOf(oauth, 'issuer')[0]),
    scope: textOf(childrenOf(oauth, 'scope')[0]),
    authUrl: optionalHttpsUrl(textOf(childrenOf(oauth, 'authURL')[0]), a, 'oAuth2/authURL', warnings),
    tokenUrl: optionalHttpsUrl(textOf(childrenOf(oauth, 'tokenURL')[0]), a, 'oAuth2/tokenURL', warnings),
  };
  const p = mssChildren(provider, 'psc', scope)[0] ?? mssChildren(root, 'psc', scope)[0];
  let issuer: string | undefined;
  let flows: PscFlow[] = [];
  let discoveryUrl: string | undefined;
  let clientId: string | undefined;
  let scopeValue = o?.scope;
  let acr: string | undefined;
  if (p) {
    issuer = optionalHttpsUrl(mssValue(p.el, 'issuer', p.scope), a, 'mss:psc/issuer', warnings);
    discoveryUrl = optionalHttpsUrl(mssValue(p.el, 'discovery', p.scope), a, 'mss:psc/discovery', warnings);
    clientId = mssValue(p.el, 'clientId', p.scope);
    scopeValue = mssValue(p.el, 'scope', p.scope) ?? scopeValue;
    acr = mssValue(p.el, 'acr', p.scope);
    flows = mssChildren(p.el, 'flow', p.scope)
      .map((f) => PscFlowSchema.safeParse(textOf(f.el)))
      .flatMap((r) => (r.success ? [r.data] : []));
    flows = [...new Set(flows)];
    if (!issuer) warnings.push({ code: 'psc-invalid', message: "L'élément mss:psc n'indique pas d'émetteur (issuer) https valide : il est ignoré." });
    if (issuer && !flows.length) {
      flows = [...ALL_PSC_FLOWS];
      warnings.push({ code: 'psc-flows-default', message: "La configuration n'indique pas les modes de connexion Pro Santé Connect : tous sont proposés." });
    }
  }
  if (!issuer && o?.issuer) {
    // Thunderbird's issuer is a bare host name; PSC's issuer is a URL with a realm path: a known PSC issuer
    // of that host, else the host's origin (no endpoint path is guessed: discovery names them).
    issuer = /^https:\/\//i.test(o.issuer)
      ? optionalHttpsUrl(o.issuer, a, 'oAuth2/issuer', warnings)
      : KNOWN_PSC_ISSUERS.find((k) => new URL(k).host === o.issuer!.trim().toLowerCase())
        ?? optionalHttpsUrl(`https://${o.issuer}`, a, 'oAuth2/issuer', warnings);
    if (issuer) {
      flows = o.authUrl ? ['authorization-code'] : [...ALL_PSC_FLOWS];
      warnings.push({ code: 'psc-from-oauth2', message: "Les réglages Pro Santé Connect viennent du bloc oAuth2 standard (pas d'élément mss:psc) : vérifiez la connexion." });
    }
  }
  if (!issuer) return undefined;
  issuer = issuer.replace(/\/+$/, '');
  if (o?.issuer && /^https:\/\//i.test(o.issuer) && o.issuer.replace(/\/+$/, '') !== issuer) {
    warnings.push({ code: 'psc-issuer-mismatch', message: `Les blocs oAuth2 et mss:psc indiquent des émetteurs différents ; celui de mss:psc (${issuer}) est retenu.` });
  }
  if (!discoveryUrl) discoveryUrl = walletDiscoveryUrl(issuer);
  if (!opts.testMode && !KNOWN_PSC_ISSUERS.includes(issuer)) {
    warnings.push({ code: 'psc-issuer-unknown', message: `Le service de connexion indiqué (${issuer}) n'est pas Pro Santé Connect. Ne saisissez vos identifiants que si votre opérateur vous l'a confirmé.` });
  }
  return {
    issuer, discoveryUrl, clientId, flows, scope: scopeValue || PSC_DEFAULT_SCOPE, acrValues: acr || PSC_DEFAULT_ACR,
    authUrl: o?.authUrl, tokenUrl: o?.tokenUrl,
  };
}


export function readCertificateAuth(provider: XmlElement, scope: Scope, a: ParsedAddress, opts: ParseOptions, warnings: Warning[]): CertificateAuth | undefined {
  const ca = mssChildren(provider, 'certificateAuth', scope)[0];
  if (!ca) return undefined;
  const inner = mssChildren(ca.el, 'incomingServer', ca.scope).find((s) => (attrOf(s.el, 'type') ?? 'imap').toLowerCase() === 'imap') ?? ca;
  const host = mssValue(inner.el, 'hostname', inner.scope) ?? mssValue(inner.el, 'host', inner.scope);
  const port = parsePort(mssValue(inner.el, 'port', inner.scope));
  const socket = mssValue(inner.el, 'socketType', inner.scope);
  const mechanism = (mssValue(inner.el, 'mechanism', inner.scope) ?? 'EXTERNAL').toUpperCase();
  try {
    if (!host || !port || !socket) throw new Error('hostname, port ou socketType manquant');
    if (mechanism !== 'EXTERNAL') throw new Error(`mécanisme ${mechanism} non pris en charge`);
    return { host: checkServerHost(expandPlaceholders(host, a), opts.testMode), port, security: socketTypeToSecurity(socket), mechanism: 'EXTERNAL' };
  } catch (e) {
    warnings.push({ code: 'certificate-auth-ignored', message: `Connexion par certificat ignorée : ${(e as Error).message}.` });
    return undefined;
  }
}

/** Parses a clientConfig document for `address`. Throws AutoconfigError when unusable. */

export function defaultPsc(): PscConfig {
  return {
    issuer: PSC_PRODUCTION_ISSUER,
    discoveryUrl: walletDiscoveryUrl(PSC_PRODUCTION_ISSUER),
    flows: [...ALL_PSC_FLOWS],
    scope: PSC_DEFAULT_SCOPE,
    acrValues: PSC_DEFAULT_ACR,
  };
}

