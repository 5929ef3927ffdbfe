// User preferences (language, theme, density, conversations, notifications), kept as a small JSON file in the profile folder.
// Written atomically (temp file + rename) so a crash never leaves a half-written file.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { settingsPatchSchema } from '../../shared/contract';
import type { Settings } from '../../shared/types';

/** Ségur SC.SSI/IE.58: the workstation locks after 2 h without activity at most; shorter may be chosen. */
export const MAX_AUTO_LOCK_MINUTES = 120;

const settingsSchema = z.object({
  language: z.enum(['fr', 'en']).catch('fr'),
  theme: z.enum(['system', 'light', 'dark']).catch('system'),
  density: z.enum(['comfortable', 'compact']).catch('comfortable'),
  conversations: z.boolean().catch(false),
  notifications: z.boolean().catch(false),
  autoLockMinutes: z.number().int().min(1).max(MAX_AUTO_LOCK_MINUTES).catch(MAX_AUTO_LOCK_MINUTES),
});

export const DEFAULT_SETTINGS: Settings = { language: 'fr', theme: 'system', density: 'comfortable', conversations: false, notifications: false, autoLockMinutes: MAX_AUTO_LOCK_MINUTES };

export class SettingsService {
  private current: Settings;
  private readonly file: string;

  constructor(profileDir: string, private readonly onChange: (s: Settings) => void = () => {}) {
    this.file = path.join(profileDir, 'settings.json');
    this.current = this.load();
  }

  private load(): Settings {
    try {
      const raw: unknown = JSON.parse(fs.readFileSync(this.file, 'utf8'));
      return settingsSchema.parse({ ...DEFAULT_SETTINGS, ...(typeof raw === 'object' ? raw : {}) });
    } catch {
      return { ...DEFAULT_SETTINGS };
    }
  }

  get(): Settings {
    return { ...this.current };
  }

  update(patch: z.infer<typeof settingsPatchSchema>): Settings {
    const next = settingsSchema.parse({ ...this.current, ...patch });
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(next, null, 2), { mode: 0o600 });
    fs.renameSync(tmp, this.file);
    this.current = next;
    this.onChange(this.get());
    return this.get();
  }
}
