// Small per-workstation preferences that are neither settings nor secrets (remembered IdNat).
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { isIdNat } from '../../shared/idnat';

const schema = z.object({
  rememberedIdNat: z.string().refine(isIdNat).nullable().default(null),
  /** The user explicitly accepted keeping the cache key in a file because the keychain is unavailable. */
  allowUnprotectedCacheKey: z.boolean().default(false),
});
export type Preferences = z.infer<typeof schema>;

export class PreferencesFile {
  private readonly file: string;
  private value: Preferences;

  constructor(profileDir: string) {
    this.file = path.join(profileDir, 'preferences.json');
    try {
      this.value = schema.parse(JSON.parse(fs.readFileSync(this.file, 'utf8')));
    } catch {
      this.value = { rememberedIdNat: null, allowUnprotectedCacheKey: false };
    }
  }

  get(): Preferences {
    return { ...this.value };
  }

  set(patch: Partial<Preferences>): void {
    this.value = schema.parse({ ...this.value, ...patch });
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.value), { mode: 0o600 });
    fs.renameSync(tmp, this.file);
  }
}
