// Typed errors of the autoconfiguration module. Every message is French, says what happened and what to do.
export type AutoconfigErrorCode =
  | 'invalid-address'
  | 'invalid-url'
  | 'http-refused'
  | 'redirect-refused'
  | 'too-many-redirects'
  | 'response-too-large'
  | 'http-status'
  | 'private-address'
  | 'dns-failure'
  | 'timeout'
  | 'aborted'
  | 'network-error'
  | 'tls-error'
  | 'certificate-revoked'
  | 'xml-doctype'
  | 'xml-malformed'
  | 'config-invalid'
  | 'insecure-socket'
  | 'no-srv-records'
  | 'not-applicable'
  | 'trust-list-invalid'
  | 'trust-list-checksum'
  | 'trust-list-older'
  | 'no-config-found'
  | 'server-outside-domain';

export class AutoconfigError extends Error {
  override readonly name = 'AutoconfigError';
  constructor(
    readonly code: AutoconfigErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export function isAutoconfigError(e: unknown): e is AutoconfigError {
  return e instanceof AutoconfigError;
}

/** Turns any thrown value into an AutoconfigError (network errors from Node keep their code in details). */
export function toAutoconfigError(e: unknown, what: string): AutoconfigError {
  if (e instanceof AutoconfigError) return e;
  const err = e as NodeJS.ErrnoException & { name?: string };
  const code = err?.code ?? '';
  if (err?.name === 'TimeoutError' || code === 'ETIMEDOUT' || code === 'ETIMEOUT')
    return new AutoconfigError('timeout', `${what} : pas de réponse dans le délai imparti. Vérifiez la connexion réseau puis réessayez.`);
  if (err?.name === 'AbortError' || code === 'ABORT_ERR')
    return new AutoconfigError('aborted', `${what} : recherche annulée.`);
  if (code === 'ENOTFOUND' || code === 'ENODATA' || code === 'ESERVFAIL' || code === 'EREFUSED')
    return new AutoconfigError('dns-failure', `${what} : nom de serveur introuvable (DNS). Vérifiez l'adresse saisie.`, { code });
  if (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|EPROTO/.test(code))
    return new AutoconfigError('tls-error', `${what} : connexion sécurisée (TLS) refusée ou certificat non valide (${code}). Contactez votre opérateur ou votre prestataire informatique.`, { code });
  return new AutoconfigError('network-error', `${what} : erreur réseau (${code || err?.message || 'inconnue'}). Vérifiez la connexion puis réessayez.`, { code });
}
