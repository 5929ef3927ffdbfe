// Errors of the Pro Santé Connect client: a stable code for the code and a French message for the user
// (what happened, what to do). Messages never quote tokens or server bodies.
import { isCertificateError } from '../../net/trust';

export type PscErrorCode =
  | 'discovery-failed'
  | 'issuer-mismatch'
  | 'tls'
  | 'network'
  | 'unknown-user'
  | 'method-unavailable'
  | 'invalid-client'
  | 'refresh-refused'
  | 'callback-invalid'
  | 'login-cancelled'
  | 'login-denied'
  | 'login-timeout'
  | 'missing-identity'
  | 'server';

const MESSAGES: Record<PscErrorCode, string> = {
  'discovery-failed':
    "Le service Pro Santé Connect est injoignable ou sa configuration n'a pas pu être lue. Vérifiez votre connexion internet et réessayez ; si cela persiste, contactez votre opérateur.",
  'issuer-mismatch':
    "Le serveur Pro Santé Connect ne s'est pas présenté avec l'identité attendue : la connexion a été refusée par sécurité. Contactez votre opérateur.",
  tls: "Le certificat du serveur Pro Santé Connect n'a pas pu être vérifié : la connexion a été refusée par sécurité. Vérifiez la date et l'heure de l'ordinateur, puis contactez votre support.",
  network: 'Pro Santé Connect ne répond pas. Vérifiez votre connexion internet puis réessayez.',
  'unknown-user':
    "Cet identifiant national n'est pas connu de Pro Santé Connect. Vérifiez l'identifiant saisi : 8 ou 0 suivi du numéro RPPS ou ADELI (par exemple 810001234567), ou, pour un personnel d'établissement, le chiffre du type de structure, son identifiant, « / » et votre identifiant interne (par exemple 500000001815646/CPAT00045).",
  'method-unavailable':
    "Ce moyen d'authentification n'est pas activé pour cet identifiant (carte CPS ou e-CPS). Choisissez l'autre moyen ou activez votre e-CPS.",
  'invalid-client':
    "Le logiciel n'est pas reconnu par Pro Santé Connect (enregistrement du logiciel invalide). Contactez votre support informatique.",
  'refresh-refused': 'Votre session Pro Santé Connect a expiré : reconnectez-vous.',
  'callback-invalid':
    "La réponse de Pro Santé Connect n'a pas pu être validée (demande inconnue ou altérée). Relancez la connexion.",
  'login-cancelled': 'La connexion Pro Santé Connect a été annulée.',
  'login-denied': 'La connexion a été refusée depuis votre e-CPS ou votre carte. Relancez la connexion si besoin.',
  'login-timeout': "Le délai de connexion est dépassé : la demande n'a pas été validée à temps. Relancez la connexion.",
  'missing-identity':
    "Pro Santé Connect n'a pas transmis votre identifiant national : la connexion ne peut pas aboutir. Contactez votre support.",
  server: 'Pro Santé Connect a rencontré une erreur. Réessayez dans quelques instants.',
};

export class PscError extends Error {
  override readonly name = 'PscError';
  constructor(
    readonly code: PscErrorCode,
    options?: { cause?: unknown; message?: string },
  ) {
    super(options?.message ?? MESSAGES[code], { cause: options?.cause });
  }
}

export function pscMessage(code: PscErrorCode): string {
  return MESSAGES[code];
}

/** OAuth error code carried by an openid-client error (ResponseBodyError / AuthorizationResponseError). */
export function oauthErrorCode(err: unknown): string | undefined {
  const e = err as { error?: unknown; cause?: unknown } | undefined;
  if (typeof e?.error === 'string') return e.error;
  const cause = e?.cause;
  if (typeof (cause as { error?: unknown } | undefined)?.error === 'string') return (cause as { error: string }).error;
  // WWWAuthenticateChallengeError: the error is in the challenge parameters (e.g. 401 invalid_client).
  if (Array.isArray(cause)) {
    for (const challenge of cause) {
      const code = (challenge as { parameters?: { error?: unknown } })?.parameters?.error;
      if (typeof code === 'string') return code;
    }
  }
  return undefined;
}

/** Maps any error of a PSC call to a PscError (keeps an existing one). */
export function toPscError(err: unknown, fallback: PscErrorCode = 'server'): PscError {
  if (err instanceof PscError) return err;
  if (isCertificateError(err)) return new PscError('tls', { cause: err });
  const oauth = oauthErrorCode(err);
  switch (oauth) {
    case 'invalid_grant':
      return new PscError('refresh-refused', { cause: err });
    case 'invalid_client':
    case 'unauthorized_client':
      return new PscError('invalid-client', { cause: err });
    case 'unknown_user_id':
      return new PscError('unknown-user', { cause: err });
    case 'access_denied':
      return new PscError('login-denied', { cause: err });
    case 'expired_token':
      return new PscError('login-timeout', { cause: err });
    case undefined:
      break;
    default:
      return new PscError(fallback, { cause: err });
  }
  if (isNetworkError(err)) return new PscError('network', { cause: err });
  return new PscError(fallback, { cause: err });
}

const NETWORK_CODES = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EPIPE|UND_ERR_.*|ABORT_ERR)$/;

export function isNetworkError(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    const name = (e as { name?: unknown }).name;
    if (typeof code === 'string' && NETWORK_CODES.test(code)) return true;
    if (name === 'TimeoutError' || name === 'TrustedFetchError') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
