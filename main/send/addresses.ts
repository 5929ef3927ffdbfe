// Recipient strings from the composer ("addr" or "Nom <addr>") → checked addresses, with the shared
// address parser (shared/addresses.ts): the very one the composer uses, so both sides agree on what an
// address is.
import { bareAddress, isPatientAddress, parseRecipient, PATIENT_DOMAIN } from '../../shared/addresses';

export { bareAddress, isPatientAddress, PATIENT_DOMAIN };

export interface Recipient {
  name: string | null;
  address: string;
}

/** Parses recipient fields (one recipient each); returns the valid ones and the strings that are not valid addresses. */
export function parseRecipients(list: readonly string[]): { valid: Recipient[]; invalid: string[] } {
  const valid: Recipient[] = [];
  const invalid: string[] = [];
  for (const raw of list) {
    const s = raw.trim();
    if (!s) continue;
    const r = parseRecipient(s);
    if (!r || !r.valid) {
      invalid.push(s.slice(0, 80));
      continue;
    }
    valid.push({ name: r.name, address: r.address });
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
