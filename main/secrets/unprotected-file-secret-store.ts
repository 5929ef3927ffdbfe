// SecretStore in a plain JSON file (mode 0600). ONLY for when the user explicitly accepted, after being told
// that the OS keychain is unavailable, that secrets are stored without protection.
//
// Risk (shown to the user before they accept): anyone who can read this file — another program running
// under the same account, a backup, a stolen unencrypted disk — gets the refresh tokens (access to the
// BALs until they are revoked) and the cache key (the whole offline copy of health data). Its only
// protection is the file permission. Prefer full-disk encryption and a session with a working keychain.
import fs from 'node:fs';
import path from 'node:path';
import { SecretStoreError } from './errors';
import type { SecretStore } from './secret-store';

export interface UnprotectedFileSecretStoreOptions {
  /** Where the JSON file lives (created with mode 0600). */
  file: string;
  /** Must be the literal `true`: the user explicitly accepted storing secrets unprotected. */
  userAcceptedRisk: true;
}

type FileShape = { version: 1; entries: Record<string, Record<string, string>> };

export class UnprotectedFileSecretStore implements SecretStore {
  readonly kind = 'unprotected-file' as const;
  readonly file: string;

  constructor(options: UnprotectedFileSecretStoreOptions) {
    if (options?.userAcceptedRisk !== true) {
      throw new SecretStoreError(
        "Le stockage non protégé des identifiants n'a pas été accepté explicitement par l'utilisateur.",
      );
    }
    this.file = options.file;
  }

  async get(service: string, account: string): Promise<string | null> {
    return this.read().entries[service]?.[account] ?? null;
  }

  async set(service: string, account: string, secret: string): Promise<void> {
    if (!service || !account || !secret) throw new SecretStoreError('Nom ou secret vide refusé.');
    const data = this.read();
    (data.entries[service] ??= {})[account] = secret;
    this.write(data);
  }

  async delete(service: string, account: string): Promise<boolean> {
    const data = this.read();
    const svc = data.entries[service];
    if (!svc || !(account in svc)) return false;
    delete svc[account];
    if (Object.keys(svc).length === 0) delete data.entries[service];
    this.write(data);
    return true;
  }

  async list(service: string): Promise<string[]> {
    return Object.keys(this.read().entries[service] ?? {}).sort();
  }

  private read(): FileShape {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, entries: {} };
      throw new SecretStoreError(`Lecture impossible du fichier d'identifiants non protégé (${this.file}).`, { cause: e });
    }
    try {
      const parsed = JSON.parse(text) as FileShape;
      if (parsed?.version !== 1 || typeof parsed.entries !== 'object' || parsed.entries === null) throw new Error('shape');
      return parsed;
    } catch (e) {
      throw new SecretStoreError(`Le fichier d'identifiants non protégé est illisible (${this.file}).`, { cause: e });
    }
  }

  /** Atomic replace: write a 0600 temp file next to the target, then rename. */
  private write(data: FileShape): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(data), { mode: 0o600 });
    fs.renameSync(tmp, this.file);
  }
}
