/**
 * The OS keychain cannot be used (no Secret Service / D-Bus session, locked keyring that would prompt,
 * missing libsecret, call timed out). The UI must offer an explicit choice; never fall back silently.
 */
export class KeychainUnavailableError extends Error {
  override readonly name = 'KeychainUnavailableError';
  readonly code = 'KEYCHAIN_UNAVAILABLE';
  constructor(
    /** Short technical reason, safe to log (never contains a secret). */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      "Le trousseau sécurisé du système (Trousseau d'accès, Gestionnaire d'identification Windows ou " +
        'Secret Service) est indisponible : les identifiants ne peuvent pas être enregistrés de façon protégée. ' +
        'Ouvrez une session de bureau avec le trousseau déverrouillé puis réessayez, ou choisissez ' +
        'explicitement le stockage non protégé dans les réglages.',
      options,
    );
  }
}

/** A secret-store call failed for another reason than the keychain being unavailable. */
export class SecretStoreError extends Error {
  override readonly name = 'SecretStoreError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
