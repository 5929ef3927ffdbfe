// THE address parser, for both sides (pure: unit tested): the composer's recipient fields, the contract's
// emailAddressSchema, the setup dialog, and main's checks before queueing (main/send/addresses.ts).
// Accepts "a@b", "Nom <a@b>", "\"Nom, Prénom\" <a@b>" and lists separated by commas, semicolons or new lines.

export interface Recipient {
  name: string | null;
  address: string;
  /** Lower-case address used to compare and deduplicate. */
  key: string;
  valid: boolean;
}

/** What an address must look like (the contract's emailAddressSchema uses this very pattern). */
export const EMAIL_ADDRESS_PATTERN = /^[^\s@<>()",;:\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export function isValidAddress(address: string): boolean {
  return address.length <= 254 && EMAIL_ADDRESS_PATTERN.test(address);
}

/** One recipient, or null for an empty string. */
export function parseRecipient(raw: string): Recipient | null {
  const s = raw.trim();
  if (!s) return null;
  const angle = /^(.*?)<\s*([^<>\s]+)\s*>\s*$/.exec(s);
  let name: string | null = null;
  let address = s;
  if (angle) {
    name = angle[1]!.trim().replace(/^"(.*)"$/, '$1').replace(/\\(.)/g, '$1').trim() || null;
    address = angle[2]!;
  }
  address = address.replace(/^mailto:/i, '').trim();
  return { name, address, key: address.toLowerCase(), valid: isValidAddress(address) };
}

/** Splits a pasted or typed list on , ; and new lines, outside quotes and angle brackets. */
export function splitRecipientList(raw: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  let angle = false;
  for (const c of raw) {
    if (c === '"' && !angle) quoted = !quoted;
    else if (c === '<' && !quoted) angle = true;
    else if (c === '>' && !quoted) angle = false;
    if (!quoted && !angle && (c === ',' || c === ';' || c === '\n' || c === '\r')) {
      if (cur.trim()) parts.push(cur.trim());
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur.trim()) parts.push(cur.trim());
  return parts;
}

/** Parses a list and drops duplicates (first occurrence wins, also against `existing`). */
export function parseRecipientList(raw: string, existing: Recipient[] = []): Recipient[] {
  const seen = new Set(existing.map((r) => r.key));
  const out: Recipient[] = [];
  for (const part of splitRecipientList(raw)) {
    const r = parseRecipient(part);
    if (!r || seen.has(r.key)) continue;
    seen.add(r.key);
    out.push(r);
  }
  return out;
}

/** "Nom <a@b>" for the wire (names with specials quoted), or the bare address. */
export function formatRecipient(r: Pick<Recipient, 'name' | 'address'>): string {
  if (!r.name) return r.address;
  const needsQuotes = /[",;:<>()@\\[\]]/.test(r.name);
  return needsQuotes ? `"${r.name.replace(/(["\\])/g, '\\$1')}" <${r.address}>` : `${r.name} <${r.address}>`;
}

export const PATIENT_DOMAIN = 'patient.mssante.fr';

/** Patient mailboxes are `<INS matricule>@patient.mssante.fr`. */
export function isPatientAddress(address: string): boolean {
  const at = address.lastIndexOf('@');
  return at > 0 && address.slice(at + 1).toLowerCase() === PATIENT_DOMAIN;
}

/**
 * Whether the address's domain belongs to the MSSanté space (`*.mssante.fr`). The trust list itself lives in
 * main (directory suggestions carry its verdict); this is the fallback for addresses typed by hand.
 */
export function isMssanteDomain(address: string): boolean {
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  return domain === 'mssante.fr' || domain.endsWith('.mssante.fr');
}

/** `<a@b>` or `Name <a@b>` or `a@b` → `a@b` (lower-cased); '' for an empty `<>`, null when not an address. */
export function bareAddress(v: string | null | undefined): string | null {
  if (!v) return null;
  const m = /<([^<>\s]*)>/.exec(v);
  const a = (m ? m[1]! : v).trim().toLowerCase();
  return a.includes('@') ? a : a === '' ? '' : null;
}
