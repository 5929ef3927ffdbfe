// Recipient strings from the composer ("addr" or "Nom <addr>") → checked addresses.
import addressparser from 'nodemailer/lib/addressparser';
import { emailAddressSchema } from '../../shared/contract';

export interface Recipient {
  name: string | null;
  address: string;
}

export const PATIENT_DOMAIN = 'patient.mssante.fr';

export function isPatientAddress(address: string): boolean {
  return address.toLowerCase().endsWith(`@${PATIENT_DOMAIN}`);
}

/** Parses recipient fields; returns the valid ones and the strings that are not valid addresses. */
export function parseRecipients(list: readonly string[]): { valid: Recipient[]; invalid: string[] } {
  const valid: Recipient[] = [];
  const invalid: string[] = [];
  for (const raw of list) {
    const s = raw.trim();
    if (!s) continue;
    const parsed = addressparser(s, { flatten: true }) as Array<{ name?: string; address?: string }>;
    if (parsed.length !== 1 || !parsed[0]?.address || !emailAddressSchema.safeParse(parsed[0].address).success) {
      invalid.push(s.slice(0, 80));
      continue;
    }
    valid.push({ name: parsed[0].name?.trim() || null, address: parsed[0].address.trim() });
  }
  return { valid, invalid };
}

/** Deduplicated (case-insensitive) addresses, order kept. */
export function uniqueAddresses(list: readonly Recipient[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const r of list) {
    const k = r.address.toLowerCase();
    if (!seen.has(k)) {
      seen.add(k);
      out.push(r.address);
    }
  }
  return out;
}

/** `<a@b>` or `Name <a@b>` or `a@b` → `a@b` (lower-cased). */
export function bareAddress(v: string | null | undefined): string | null {
  if (!v) return null;
  const m = /<([^<>\s]*)>/.exec(v);
  const a = (m ? m[1]! : v).trim().toLowerCase();
  return a.includes('@') ? a : a === '' ? '' : null;
}
