// Security checks shared by the torture runner and the fast subset: cache encryption at rest, active PSC
// tokens on disk (any string in a folder that the provider's introspection says is an active token), and
// secrets/content in log files.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
// @ts-expect-error -- the package's "exports" map hides its index.d.ts
import DatabaseUntyped from 'better-sqlite3-multiple-ciphers';
import { CARD_PIN, CARD_PUK, PSC_INTERNAL_INTROSPECTION_URL, PSC_INTROSPECTION_CLIENT } from '../../sandbox/config';
import { openConnection } from '../../main/store/db';
import { openWriter } from '../../main/store/open-store';

export interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

/** An encrypted cache with a known subject: header, plaintext, wrong key, no key. */
export function cacheAtRestChecks(dir: string): Check[] {
  const file = path.join(dir, 'cache.db');
  const keyHex = crypto.randomBytes(32).toString('hex');
  const w = openWriter(file, keyHex);
  const marker = `Sujet-temoin-${crypto.randomBytes(6).toString('hex')}`;
  const acc = w.upsertAccount({ address: 'temoin@test.mssante.fr', type: 'PER' });
  const folder = w.upsertFolder(acc, { path: 'INBOX', delimiter: '/', specialUse: null, uidvalidity: 1 }).id;
  const [id] = w.upsertMessages(folder, 1, [{ uid: 1, subject: marker, date: Date.now(), from: { name: 'Dr Témoin', address: 'temoin@test.mssante.fr' } }]).ids;
  w.storeBody(id!, { text: `Corps ${marker}`, html: null, rawSize: 10 }, []);
  const checks: Check[] = [];
  // While open (WAL not checkpointed) and after close: neither file shows the subject.
  const plainIn = () => [file, `${file}-wal`].filter((f) => fs.existsSync(f) && fs.readFileSync(f).includes(marker));
  const openLeak = plainIn();
  w.close();
  const closedLeak = plainIn();
  const header = fs.readFileSync(file).subarray(0, 16).toString('latin1');
  checks.push({ name: 'cache file header is not "SQLite format 3"', ok: !header.startsWith('SQLite format 3'), detail: JSON.stringify(header.slice(0, 8)) });
  checks.push({ name: 'no plaintext subject/body in cache.db or its WAL', ok: openLeak.length === 0 && closedLeak.length === 0, detail: [...openLeak, ...closedLeak].map((f) => path.basename(f)).join(',') || undefined });
  let wrongKey = 'opened';
  try {
    openConnection(file, { keyHex: crypto.randomBytes(32).toString('hex'), readonly: true }).close();
  } catch (e) {
    wrongKey = (e as Error).name;
  }
  checks.push({ name: 'opening the cache with a wrong key fails', ok: wrongKey === 'CacheKeyMismatchError', detail: wrongKey });
  let noKey = 'readable';
  try {
    const db = new (DatabaseUntyped as new (f: string, o: object) => { prepare(s: string): { get(): unknown }; close(): void })(file, { readonly: true, fileMustExist: true });
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } finally {
      db.close();
    }
  } catch (e) {
    noKey = String((e as { code?: string }).code ?? (e as Error).name);
  }
  checks.push({ name: 'opening the cache without a key fails', ok: noKey !== 'readable', detail: noKey });
  const good = openConnection(file, { keyHex, readonly: true });
  const ic = (good.pragma('integrity_check') as Array<{ integrity_check: string }>)[0]?.integrity_check;
  good.close();
  checks.push({ name: 'the right key opens it (integrity_check ok)', ok: ic === 'ok', detail: ic });
  return checks;
}

// ---- tokens

export function introspect(token: string): Promise<boolean> {
  const body = new URLSearchParams({ token }).toString();
  const auth = Buffer.from(`${PSC_INTROSPECTION_CLIENT.clientId}:${PSC_INTROSPECTION_CLIENT.clientSecret}`).toString('base64');
  return new Promise((resolve, reject) => {
    const req = http.request(PSC_INTERNAL_INTROSPECTION_URL, { method: 'POST', headers: { authorization: `Basic ${auth}`, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let data = '';
      res.on('data', (c) => (data += c));
      res.on('end', () => {
        try {
          resolve((JSON.parse(data) as { active?: boolean }).active === true);
        } catch (e) {
          reject(e);
        }
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

export function listFiles(dir: string, out: string[] = []): string[] {
  let entries: fs.Dirent[] = [];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) listFiles(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

const CANDIDATE = /[A-Za-z0-9_-]{30,}(?:\.[A-Za-z0-9_-]{10,}){0,2}/g;

/** Every string of `dir`'s files that the provider says is an active access token. */
export async function activeTokensIn(dir: string, maxCandidates = 2000): Promise<Array<{ file: string; token: string }>> {
  return (await activeTokensInFiles(listFiles(dir), maxCandidates)).found;
}

/**
 * Every token-shaped string of these files that the provider's introspection says is active, whoever
 * issued it (the app's own logins included, not only the tokens this process asked for). `capped` says the
 * candidate budget ran out before the end (then "none found" covers only the candidates checked).
 */
export async function activeTokensInFiles(files: string[], maxCandidates = 2000): Promise<{ found: Array<{ file: string; token: string }>; candidates: number; capped: boolean }> {
  const found: Array<{ file: string; token: string }> = [];
  const seen = new Set<string>();
  let capped = false;
  for (const file of files) {
    let text: string;
    try {
      if (fs.statSync(file).size > 64 * 1024 * 1024) continue;
      text = fs.readFileSync(file).toString('latin1');
    } catch {
      continue;
    }
    for (const m of text.matchAll(CANDIDATE)) {
      const t = m[0];
      if (seen.has(t)) continue;
      if (seen.size >= maxCandidates) {
        capped = true;
        break;
      }
      seen.add(t);
      if (await introspect(t).catch(() => false)) found.push({ file, token: `${t.slice(0, 6)}…` });
    }
  }
  return { found, candidates: seen.size, capped };
}

// ---- logs

/** Fixed phrases of the sandbox's and the tests' mail (subjects, bodies, patients) that no log may hold. */
export const CONTENT_MARKERS = [
  'Compte rendu de consultation', 'Avis cardiologique', "Résultats d'analyses", 'Lettre de liaison de sortie', "Renouvellement d'ordonnance",
  'Radiographie thoracique', 'Convocation de Mme ROUX', 'DUPONT Jean', 'Torture ', 'Envoi torture', 'Ligne de compte rendu pour éprouver',
  'Bonjour, message numéro', 'Version texte ', 'Sujet-temoin-',
];

export function logFiles(roots: string[]): string[] {
  return roots.flatMap((r) => (fs.existsSync(r) && fs.statSync(r).isFile() ? [r] : listFiles(r))).filter((f) => /\.(log|stderr|txt)$|main\.log/.test(f));
}

/** Known tokens, PIN/PUK values and content markers in log files. */
export function secretsInLogs(files: string[], tokens: string[]): Array<{ file: string; what: string }> {
  const hits: Array<{ file: string; what: string }> = [];
  const pin = new RegExp(`(?:pin|puk|code)["'\\s:=]+["']?(?:${CARD_PIN}|${CARD_PUK})\\b`, 'i');
  for (const file of files) {
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const t of tokens) if (t.length > 10 && text.includes(t)) hits.push({ file, what: 'access token' });
    if (pin.test(text)) hits.push({ file, what: 'PIN/PUK value' });
    for (const m of CONTENT_MARKERS) if (text.includes(m)) hits.push({ file, what: `content "${m}"` });
  }
  return hits;
}
