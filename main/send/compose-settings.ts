// Compose settings of the workstation: a small JSON file in the profile (X-MSS-NIL, signatures, automatic
// read receipts, directory URL, operator size limit); the Annuaire Santé API key lives in the OS keychain
// (SecretStore) and is never returned to the UI (only whether one is set).
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ComposeSettings } from '../../shared/types';
import { SECRET_SERVICE, type SecretStore } from '../secrets';
import { DEFAULT_NIL } from './mss-headers';

export const DEFAULT_DIRECTORY_URL = 'https://gateway.api.esante.gouv.fr/fhir/v2';
/** Operator limit assumed when none is configured (operators' limits are not published). */
export const DEFAULT_MAX_MESSAGE_BYTES = 25 * 1024 * 1024;
/** Limit towards the patient space (@patient.mssante.fr). */
export const PATIENT_MAX_MESSAGE_BYTES = 25 * 1024 * 1024;
export const DIRECTORY_KEY_ACCOUNT = 'annuaire-sante-api-key';

const fileSchema = z.object({
  nil: z.string().max(200).default(DEFAULT_NIL),
  signatures: z.record(z.string(), z.string().max(20_000)).default({}),
  autoMdn: z.boolean().default(false),
  directoryUrl: z.string().max(2048).regex(/^https:\/\//i).default(DEFAULT_DIRECTORY_URL),
  maxMessageBytes: z.number().int().min(1_000_000).max(200_000_000).default(DEFAULT_MAX_MESSAGE_BYTES),
});
type FileValue = z.infer<typeof fileSchema>;

export type ComposeSettingsPatch = Partial<FileValue> & { directoryApiKey?: string };

export class ComposeSettingsStore {
  private readonly file: string;
  private value: FileValue;
  private keySet: boolean | null = null;

  constructor(profileDir: string, private readonly secrets: SecretStore) {
    this.file = path.join(profileDir, 'compose-settings.json');
    try {
      this.value = fileSchema.parse(JSON.parse(fs.readFileSync(this.file, 'utf8')));
    } catch {
      this.value = fileSchema.parse({});
    }
  }

  /** Synchronous view of the file settings (no key). */
  current(): FileValue {
    return { ...this.value, signatures: { ...this.value.signatures } };
  }

  async get(): Promise<ComposeSettings> {
    if (this.keySet === null) this.keySet = !!(await this.apiKey());
    return { ...this.current(), directoryApiKeySet: this.keySet };
  }

  async update(patch: ComposeSettingsPatch): Promise<ComposeSettings> {
    const { directoryApiKey, ...rest } = patch;
    if (directoryApiKey !== undefined) {
      const key = directoryApiKey.trim();
      if (key) await this.secrets.set(SECRET_SERVICE, DIRECTORY_KEY_ACCOUNT, key);
      else await this.secrets.delete(SECRET_SERVICE, DIRECTORY_KEY_ACCOUNT);
      this.keySet = !!key;
    }
    if (Object.keys(rest).length > 0) {
      this.value = fileSchema.parse({ ...this.value, ...rest });
      fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
      const tmp = `${this.file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(this.value), { mode: 0o600 });
      fs.renameSync(tmp, this.file);
    }
    return this.get();
  }

  /** The directory API key, for the directory client only (never sent to the UI). */
  async apiKey(): Promise<string | null> {
    return this.secrets.get(SECRET_SERVICE, DIRECTORY_KEY_ACCOUNT);
  }
}
