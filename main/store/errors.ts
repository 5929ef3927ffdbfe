// Errors of the local cache, with French messages for the user (what happened, what to do).

export class StoreError extends Error {
  override readonly name: string = 'StoreError';
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The database exists but the key does not open it (wrong key, or not an encrypted cache). */
export class CacheKeyMismatchError extends StoreError {
  override readonly name = 'CacheKeyMismatchError';
  constructor(options?: { cause?: unknown }) {
    super(
      'CACHE_KEY_MISMATCH',
      "Le cache local des messages ne peut pas être déchiffré avec la clé enregistrée dans le trousseau. " +
        "Il faut le reconstruire : vos messages seront de nouveau téléchargés depuis le serveur.",
      options,
    );
  }
}

/** The database exists but its key is no longer in the secret store. */
export class CacheKeyLostError extends StoreError {
  override readonly name = 'CacheKeyLostError';
  constructor() {
    super(
      'CACHE_KEY_LOST',
      "La clé de chiffrement du cache local a disparu du trousseau : le cache existant est illisible. " +
        "Il faut le reconstruire : vos messages seront de nouveau téléchargés depuis le serveur " +
        "(les modifications et envois non synchronisés seront perdus).",
    );
  }
}

/** The on-disk schema is newer than this version of the application. */
export class SchemaTooNewError extends StoreError {
  override readonly name = 'SchemaTooNewError';
  constructor(found: number, supported: number) {
    super(
      'SCHEMA_TOO_NEW',
      `Le cache local a été créé par une version plus récente de l'application (schéma ${found}, ` +
        `cette version gère ${supported}). Mettez l'application à jour.`,
    );
  }
}

export class MigrationError extends StoreError {
  override readonly name = 'MigrationError';
  constructor(version: number, name: string, cause: unknown) {
    super(
      'MIGRATION_FAILED',
      `La mise à jour du cache local a échoué (étape ${version} « ${name} ») ; le cache est resté dans ` +
        "son état précédent. Redémarrez l'application ; si le problème persiste, reconstruisez le cache.",
      { cause },
    );
  }
}
