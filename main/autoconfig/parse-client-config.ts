// Thunderbird clientConfig v1.1 + MSSanté extensions (urn:mssante:clientconfig:1) → AccountConfig.
// Format: docs/autoconfig-format.md. Unknown elements are ignored; missing required ones are reported.
import { AutoconfigError } from './errors';
import { mssChildren, mssValue, enterScope } from './mss-namespace';
import {
  defaultPsc, optionalHttpsUrl, parsePort, readCertificateAuth, readPsc, type ParseOptions,
} from './parse-extensions';
import { expandPlaceholders } from './placeholders';
import { checkServerHost, parseAddress, socketTypeToSecurity, type ParsedAddress } from './policy';
import { AccountConfigSchema, type AccountConfig, type AuthMethod, type ServerConfig, type Warning } from './types';
import { attrOf, childrenOf, parseXml, textOf, type XmlElement } from './xml';

export { MSS_NAMESPACE } from './mss-namespace';
export { defaultPsc, type ParseOptions } from './parse-extensions';
const WHAT = 'Configuration automatique';

export interface ParsedAccountConfig {
  config: AccountConfig;
  warnings: Warning[];
}

const AUTH_MAP: Record<string, AuthMethod> = {
  oauth2: 'oauth2',
  'password-cleartext': 'password',
  plain: 'password',
  'tls-client-cert': 'external',
};


function readServer(
  el: XmlElement, label: string, a: ParsedAddress, opts: ParseOptions, issues: string[],
): { server?: ServerConfig; insecure?: boolean } {
  const missing = (name: string) => issues.push(`${label} : élément « ${name} » manquant ou vide`);
  const rawHost = textOf(childrenOf(el, 'hostname')[0]);
  const rawPort = textOf(childrenOf(el, 'port')[0]);
  const rawSocket = textOf(childrenOf(el, 'socketType')[0]);
  const rawUser = textOf(childrenOf(el, 'username')[0]);
  const auths = childrenOf(el, 'authentication').map((x) => textOf(x) ?? '');
  if (!rawHost) missing('hostname');
  if (!rawPort) missing('port');
  else if (parsePort(rawPort) === undefined) issues.push(`${label} : port « ${rawPort.slice(0, 20)} » invalide (nombre entre 1 et 65535 attendu)`);
  if (!rawSocket) missing('socketType');
  if (!rawUser) missing('username');
  if (!auths.length) missing('authentication');
  if (!rawHost || !rawPort || !rawSocket || !rawUser || !auths.length || parsePort(rawPort) === undefined) return {};

  let security: ServerConfig['security'];
  try {
    security = socketTypeToSecurity(rawSocket);
  } catch (e) {
    issues.push(`${label} : ${(e as Error).message}`);
    return { insecure: (e as AutoconfigError).code === 'insecure-socket' };
  }
  let host: string;
  try {
    host = checkServerHost(expandPlaceholders(rawHost, a), opts.testMode);
  } catch (e) {
    issues.push(`${label} : ${(e as Error).message}`);
    return {};
  }
  const methods = [...new Set(auths.map((x) => AUTH_MAP[x.toLowerCase()]).filter((x): x is AuthMethod => !!x))];
  if (!methods.length) {
    issues.push(`${label} : aucune méthode d'authentification prise en charge (reçu : ${auths.join(', ').slice(0, 80)})`);
    return {};
  }
  const username = expandPlaceholders(rawUser, a);
  // Sent as is in LOGIN/AUTHENTICATE: CR, LF or any control or space would smuggle a command.
  if (/[\u0000-\u0020\u007f-\u009f\u2028\u2029]/.test(username)) {
    issues.push(`${label} : identifiant de connexion invalide (caractères de contrôle, retour à la ligne ou espace)`);
    return {};
  }
  // Port 25 is the relay between servers (no authentication), never the submission of a client (587/465).
  if (label.startsWith('Serveur sortant') && parsePort(rawPort) === 25) {
    issues.push(`${label} : le port 25 (relais entre serveurs) est refusé pour l'envoi ; le port de soumission est 587 (STARTTLS) ou 465 (TLS)`);
    return {};
  }
  const auth = methods.includes('oauth2') ? 'oauth2' : methods[0]!;
  return {
    server: { host, port: parsePort(rawPort)!, security, username, auth, authMethods: methods },
  };
}

/** First usable server of the given type; an all-plain-text list is reported as insecure. */
function pickServer(
  els: XmlElement[], type: 'imap' | 'smtp', label: string, a: ParsedAddress, opts: ParseOptions, issues: string[], warnings: Warning[],
): ServerConfig | undefined {
  const candidates = els.filter((e) => (attrOf(e, 'type') ?? '').toLowerCase() === type);
  if (!candidates.length) {
    issues.push(`${label} de type ${type} manquant`);
    return undefined;
  }
  const local: string[] = [];
  let insecure = 0;
  for (const [i, c] of candidates.entries()) {
    const r = readServer(c, candidates.length > 1 ? `${label} n°${i + 1}` : label, a, opts, local);
    if (r.insecure) insecure++;
    if (r.server) {
      if (local.length) warnings.push({ code: 'ignored-server', message: `Certains serveurs proposés ont été ignorés : ${local.join(' ; ')}.` });
      return r.server;
    }
  }
  if (insecure === candidates.length) {
    throw new AutoconfigError('insecure-socket', `${WHAT} : le serveur ${type.toUpperCase()} proposé n'accepte que des connexions non chiffrées, ce qui est refusé (MSSanté impose TLS ou STARTTLS). Signalez-le à votre opérateur.`);
  }
  issues.push(...local);
  return undefined;
}

export function parseClientConfig(input: Buffer | string, address: string, opts: ParseOptions): ParsedAccountConfig {
  const a = parseAddress(address);
  const doc = parseXml(input, WHAT);
  const root = doc.clientConfig?.[0];
  if (!root || Object.keys(doc).length !== 1) {
    throw new AutoconfigError('config-invalid', `${WHAT} : le document reçu n'est pas une configuration de messagerie (élément clientConfig attendu). Vérifiez l'adresse ou signalez-le à l'opérateur.`);
  }
  const warnings: Warning[] = [];
  const issues: string[] = [];
  const rootScope = enterScope(root, { prefixes: new Set(), defaultIsMss: false });
  const provider = childrenOf(root, 'emailProvider')[0];
  if (!provider) {
    throw new AutoconfigError('config-invalid', `${WHAT} : élément emailProvider manquant. Signalez-le à l'opérateur.`, { issues: ['emailProvider manquant'] });
  }
  let scope = enterScope(provider, rootScope);
  if (!scope.prefixes.size && !scope.defaultIsMss && Object.keys(provider).some((k) => k.startsWith('mss:'))) {
    scope = { ...scope, prefixes: new Set(['mss']) };
    warnings.push({ code: 'mss-namespace-undeclared', message: "Le document utilise le préfixe mss: sans déclarer l'espace de noms urn:mssante:clientconfig:1 : accepté, mais à corriger par l'opérateur." });
  }

  const domains = childrenOf(provider, 'domain').map((d) => (textOf(d) ?? '').toLowerCase()).filter(Boolean);
  if (domains.length && !domains.includes(a.domain)) {
    warnings.push({ code: 'domain-not-listed', message: `Cette configuration ne mentionne pas le domaine ${a.domain} (elle couvre : ${domains.slice(0, 5).join(', ')}). Vérifiez qu'elle vient bien de votre opérateur.` });
  }
  const imap = pickServer(childrenOf(provider, 'incomingServer'), 'imap', 'Serveur entrant (incomingServer)', a, opts, issues, warnings);
  const smtp = pickServer(childrenOf(provider, 'outgoingServer'), 'smtp', 'Serveur sortant (outgoingServer)', a, opts, issues, warnings);
  if (!imap || !smtp) {
    throw new AutoconfigError('config-invalid', `${WHAT} : configuration incomplète ou invalide (${issues.join(' ; ')}). Signalez-le à votre opérateur ou saisissez les réglages à la main.`, { issues });
  }

  let psc = readPsc(provider, root, scope, a, opts, warnings);
  if (!psc && (imap.auth === 'oauth2' || smtp.auth === 'oauth2')) {
    psc = defaultPsc();
    warnings.push({ code: 'psc-default', message: "La configuration ne précise pas le service de connexion : Pro Santé Connect (production) est utilisé par défaut." });
  }
  const capRaw = mssValue(provider, 'connectionCap', scope) ?? textOf(mssChildren(provider, 'connectionCap', scope)[0]?.el);
  let connectionCap = 10;
  if (capRaw !== undefined) {
    const n = /^\d{1,4}$/.test(capRaw) ? Number(capRaw) : NaN;
    if (n >= 1 && n <= 1000) connectionCap = n;
    else warnings.push({ code: 'connection-cap-invalid', message: `Limite de connexions « ${capRaw.slice(0, 20)} » invalide : 10 retenu.` });
  }
  const nilEl = mssChildren(provider, 'nil', scope)[0];
  const nilRaw = nilEl ? (attrOf(nilEl.el, 'required') ?? textOf(nilEl.el) ?? '').toLowerCase() : undefined;
  const balUrl = mssChildren(provider, 'balListing', scope)[0];
  const cgu = mssChildren(provider, 'cgu', scope)[0];

  const candidate = {
    address: a.address,
    displayName: textOf(childrenOf(provider, 'displayName')[0]) || undefined,
    imap,
    smtp,
    psc,
    certificateAuth: readCertificateAuth(provider, scope, a, opts, warnings),
    balListingUrl: balUrl && optionalHttpsUrl(attrOf(balUrl.el, 'url') || textOf(balUrl.el), a, 'mss:balListing', warnings),
    cguUrl: cgu && optionalHttpsUrl(attrOf(cgu.el, 'url') || textOf(cgu.el), a, 'mss:cgu', warnings),
    connectionCap,
    nilRequired: nilRaw === undefined ? undefined : nilRaw === 'true' || nilRaw === '1' || nilRaw === '',
  };
  const parsed = AccountConfigSchema.safeParse(candidate);
  if (!parsed.success) {
    const list = parsed.error.issues.map((i) => `${i.path.join('.')} : ${i.message}`);
    throw new AutoconfigError('config-invalid', `${WHAT} : valeurs invalides (${list.join(' ; ').slice(0, 400)}). Signalez-le à votre opérateur.`, { issues: list });
  }
  return { config: parsed.data, warnings };
}

