export type { SecretStore } from './secret-store';
export { SECRET_SERVICE, SecretAccounts } from './secret-store';
export { KeychainUnavailableError, SecretStoreError } from './errors';
export { KeytarSecretStore, type KeytarSecretStoreOptions } from './keytar-secret-store';
export { UnprotectedFileSecretStore, type UnprotectedFileSecretStoreOptions } from './unprotected-file-secret-store';
export { withTimeout } from './timeout';
