// The BALs added on this workstation: server settings found by autoconfiguration (no secret, no health
// data), kept as a small JSON file in the profile, written atomically.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AccountConfigSchema, type AccountConfig } from '../autoconfig';

const storedAccountSchema = z.object({
  address: z.string(),
  type: z.enum(['PER', 'ORG', 'APP', 'CAB']).default('PER'),
  label: z.string(),
  config: AccountConfigSchema,
  discoveredFrom: z.string().nullable().default(null),
  addedAt: z.number(),
});
export type StoredAccount = z.infer<typeof storedAccountSchema>;

export class AccountsFile {
  private readonly file: string;
  private accounts: StoredAccount[];

  constructor(profileDir: string) {
    this.file = path.join(profileDir, 'accounts.json');
    this.accounts = this.load();
  }

  private load(): StoredAccount[] {
    try {
      const raw: unknown = JSON.parse(fs.readFileSync(this.file, 'utf8'));
      return z.array(storedAccountSchema).parse(raw);
    } catch {
      return [];
    }
  }

  list(): StoredAccount[] {
    return this.accounts.map((a) => ({ ...a }));
  }

  get(address: string): StoredAccount | undefined {
    return this.accounts.find((a) => a.address.toLowerCase() === address.toLowerCase());
  }

  upsert(account: Omit<StoredAccount, 'addedAt'> & { addedAt?: number }): StoredAccount {
    const existing = this.get(account.address);
    const next: StoredAccount = storedAccountSchema.parse({ ...account, addedAt: existing?.addedAt ?? account.addedAt ?? Date.now() });
    this.accounts = [...this.accounts.filter((a) => a !== existing), next];
    this.save();
    return next;
  }

  remove(address: string): boolean {
    const before = this.accounts.length;
    this.accounts = this.accounts.filter((a) => a.address.toLowerCase() !== address.toLowerCase());
    if (this.accounts.length !== before) this.save();
    return this.accounts.length !== before;
  }

  private save(): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.accounts, null, 2), { mode: 0o600 });
    fs.renameSync(tmp, this.file);
  }
}

export type { AccountConfig };
