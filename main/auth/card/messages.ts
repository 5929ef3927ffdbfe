// Stable reason codes for every card outcome, with the French text shown to the user.
// The UI will move these into i18next resources (keys `card.<reason>`); the codes must not change.

export const CARD_REASONS = [
  'module-missing',
  'module-load-failed',
  'no-reader',
  'no-card',
  'removed',
  'unrecognized-card',
  'expired-card',
  'pin-format',
  'wrong-pin',
  'wrong-pin-final-try',
  'locked',
  'pin-pad',
  'cancelled',
  'not-logged-in',
  'card-error',
  'worker-crashed',
  'service-closed',
] as const;

export type CardReason = (typeof CARD_REASONS)[number];

export const CARD_MESSAGES_FR: Record<CardReason, string> = {
  'module-missing':
    'Le module de la carte CPS (Cryptolib CPS) est introuvable : installez-le ou indiquez son chemin dans les réglages.',
  'module-load-failed':
    "Le module de la carte CPS (Cryptolib CPS) n'a pas pu être chargé. Réinstallez la Cryptolib CPS (version 64 bits) ou vérifiez le chemin indiqué dans les réglages.",
  'no-reader': "Aucun lecteur de carte n'est détecté. Branchez votre lecteur, puis réessayez.",
  'no-card': 'Aucune carte CPS dans le lecteur. Insérez votre carte, puce vers le haut, puis réessayez.',
  removed: 'La carte CPS a été retirée du lecteur. Réinsérez-la pour continuer.',
  'unrecognized-card':
    "La carte insérée n'est pas reconnue comme une carte CPS (certificat d'authentification absent ou illisible). Vérifiez que vous avez inséré votre carte CPS.",
  'expired-card':
    "Le certificat de votre carte CPS est expiré. Commandez le renouvellement de votre carte auprès de l'Agence du Numérique en Santé (espace CPS en ligne).",
  'pin-format': 'Le code porteur doit comporter 4 chiffres. Aucun essai n’a été décompté.',
  'wrong-pin': 'Code porteur incorrect. Vérifiez votre code et réessayez : la carte se bloque après 3 codes faux.',
  'wrong-pin-final-try':
    'Code porteur incorrect. Attention : il ne reste qu’un seul essai, un nouveau code faux bloquera la carte.',
  locked:
    'Votre carte CPS est bloquée après 3 codes porteur faux. Débloquez-la avec votre code de déblocage (PUK, reçu avec la carte) dans l’outil de gestion de la carte CPS (installé avec la Cryptolib CPS). Si vous n’avez plus ce code, contactez l’ANS ou votre référent CPS.',
  'pin-pad': 'Saisissez votre code porteur sur le clavier du lecteur.',
  cancelled: 'La saisie du code sur le lecteur a été annulée ou a expiré. Réessayez.',
  'not-logged-in': "Le code porteur n'a pas encore été saisi pour cette carte.",
  'card-error':
    "La carte CPS ne répond pas correctement. Retirez-la puis réinsérez-la ; si le problème persiste, redémarrez l'application.",
  'worker-crashed': "Le service de carte CPS s'est arrêté de façon inattendue. Redémarrez l'application.",
  'service-closed': 'Le service de carte CPS est arrêté.',
};

export function cardMessage(reason: CardReason): string {
  return CARD_MESSAGES_FR[reason];
}

/** Error carrying a stable reason code; `message` is the French text, `detail` is for logs (never a PIN). */
export class CardError extends Error {
  readonly reason: CardReason;
  readonly detail: string | undefined;
  constructor(reason: CardReason, detail?: string) {
    super(CARD_MESSAGES_FR[reason]);
    this.name = 'CardError';
    this.reason = reason;
    this.detail = detail;
  }
}
