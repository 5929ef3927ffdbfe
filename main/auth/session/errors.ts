// Why the session cannot give an access token right now (French messages for the UI).
export type SessionErrorCode = 'not-logged-in' | 'locked' | 'expired' | 'wrong-person' | 'keychain';

const MESSAGES: Record<SessionErrorCode, string> = {
  'not-logged-in': "Vous n'êtes pas connecté à Pro Santé Connect : connectez-vous pour accéder à vos boîtes aux lettres.",
  locked: 'La session est verrouillée (carte retirée ou poste verrouillé) : authentifiez-vous de nouveau pour continuer.',
  expired: 'Votre session Pro Santé Connect a expiré : reconnectez-vous.',
  'wrong-person':
    "Une autre personne a une session verrouillée sur ce poste : seule cette personne peut la déverrouiller. Pour changer d'utilisateur, déconnectez d'abord la session verrouillée.",
  keychain: "Le trousseau sécurisé du système est indisponible : la session n'a pas pu être enregistrée.",
};

export class SessionError extends Error {
  override readonly name = 'SessionError';
  constructor(
    readonly code: SessionErrorCode,
    options?: { cause?: unknown },
  ) {
    super(MESSAGES[code], options);
  }
}
