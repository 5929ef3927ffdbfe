// SecretStore on the OS keychain through keytar: Secret Service (libsecret/D-Bus) on Linux, Keychain on
// macOS, Credential Manager on Windows. Every call is guarded by a timeout: without an unlocked keyring,
// libsecret may wait forever for a prompt nobody can answer. A hung keytar call also keeps one libuv
// thread-pool thread busy, so after the first timeout the store refuses further calls (fail fast) until
// resetAvailability() is called (e.g. when the user clicks "Réessayer").
import { KeychainUnavailableError, SecretStoreError } from './errors';
import type { SecretStore } from './secret-store';
import { withTimeout } from './timeout';

type KeytarModule = typeof import('keytar');

/** Error texts seen when no usable keychain is there (Linux Secret Service, macOS, Windows). */
const UNAVAILABLE_PATTERNS = [
  /d-?bus/i,
  /could not connect/i,
  /secret ?service/i,
  /org\.freedesktop\.secrets/i,
  /collection/i,
  /keyring/i,
  /prompt/i,
  /locked/i,
  /user interaction is not allowed/i,
  /no such interface/i,
  /cannot load|not a valid win32|libsecret/i,
];

export interface KeytarSecretStoreOptions {
  /** Milliseconds before a keychain call is considered hung. Default 5000. */
  timeoutMs?: number;
}

export class KeytarSecretStore implements SecretStore {
  readonly kind = 'keychain' as const;
  private readonly timeoutMs: number;
  private keytar: Promise<KeytarModule> | null = null;
  private unavailable: KeychainUnavailableError | null = null;

  constructor(options: KeytarSecretStoreOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  async get(service: string, account: string): Promise<string | null> {
    checkName(service, account);
    return this.call('get', (k) => k.getPassword(service, account));
  }

  async set(service: string, account: string, secret: string): Promise<void> {
    checkName(service, account);
    if (typeof secret !== 'string' || secret.length === 0) throw new SecretStoreError('Secret vide refusé.');
    return this.call('set', (k) => k.setPassword(service, account, secret));
  }

  async delete(service: string, account: string): Promise<boolean> {
    checkName(service, account);
    return this.call('delete', (k) => k.deletePassword(service, account));
  }

  async list(service: string): Promise<string[]> {
    checkName(service, 'list');
    const creds = await this.call('list', (k) => k.findCredentials(service));
    return creds.map((c) => c.account).sort();
  }

  /** Makes the store try the keychain again after it was found unavailable. */
  resetAvailability(): void {
    this.unavailable = null;
    this.keytar = null;
  }

  private loadKeytar(): Promise<KeytarModule> {
    this.keytar ??= import('keytar').then((m) => ((m as { default?: KeytarModule }).default ?? m) as KeytarModule);
    return this.keytar;
  }

  private async call<T>(op: string, fn: (k: KeytarModule) => Promise<T>): Promise<T> {
    if (this.unavailable) throw this.unavailable;
    let k: KeytarModule;
    try {
      k = await this.loadKeytar();
    } catch (cause) {
      this.keytar = null;
      throw this.markUnavailable(new KeychainUnavailableError(`keytar could not be loaded`, { cause }));
    }
    try {
      return await withTimeout(fn(k), this.timeoutMs, () =>
        this.markUnavailable(new KeychainUnavailableError(`keychain ${op} timed out after ${this.timeoutMs} ms`)),
      );
    } catch (e) {
      if (e instanceof KeychainUnavailableError) throw e;
      const text = e instanceof Error ? e.message : String(e);
      if (UNAVAILABLE_PATTERNS.some((p) => p.test(text))) {
        throw this.markUnavailable(new KeychainUnavailableError(`keychain ${op} failed: ${text}`, { cause: e }));
      }
      throw new SecretStoreError(`Le trousseau du système a refusé l'opération (${op}) : ${text}`, { cause: e });
    }
  }

  private markUnavailable(e: KeychainUnavailableError): KeychainUnavailableError {
    this.unavailable = e;
    return e;
  }
}

function checkName(service: string, account: string): void {
  if (typeof service !== 'string' || !service || typeof account !== 'string' || !account) {
    throw new SecretStoreError('Nom de service ou de compte vide pour le trousseau.');
  }
}
