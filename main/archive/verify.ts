// Verification of a local copy before the server copy may be deleted. Pure: the engine gathers the facts
// (what the server announced, what was fetched, what the store gives back) and deletes only on `ok`.
import { sha256Hex } from './raw-codec';

export interface CopyFacts {
  /** RFC822.SIZE announced by the server for this UID. */
  serverSize: number | null;
  /** SHA-256 of the bytes fetched from the server (BODY.PEEK[]), when fetched in this run. */
  fetchedSha256: string | null;
  fetchedSize: number | null;
  /** The row's recorded raw (raw_messages.sha256 / size) and the bytes decoded from the store now. */
  recordedSha256: string | null;
  recordedSize: number | null;
  stored: Buffer | null;
  /** Body stored (text/html indexed) and every attachment's content present. */
  bodyStored: boolean;
  attachmentsMissing: number;
}

export type VerifyFailure =
  | 'no-local-source' | 'size-mismatch-server' | 'hash-mismatch-fetch' | 'hash-mismatch-record' | 'size-mismatch-record'
  | 'body-missing' | 'attachments-missing';

export function verifyCopy(f: CopyFacts): { ok: true; sha256: string } | { ok: false; reason: VerifyFailure } {
  if (!f.stored || f.recordedSha256 === null) return { ok: false, reason: 'no-local-source' };
  const actual = sha256Hex(f.stored);
  if (actual !== f.recordedSha256) return { ok: false, reason: 'hash-mismatch-record' };
  if (f.recordedSize !== null && f.stored.length !== f.recordedSize) return { ok: false, reason: 'size-mismatch-record' };
  if (f.serverSize !== null && f.serverSize !== f.stored.length) return { ok: false, reason: 'size-mismatch-server' };
  if (f.fetchedSha256 !== null && (f.fetchedSha256 !== actual || (f.fetchedSize !== null && f.fetchedSize !== f.stored.length))) {
    return { ok: false, reason: 'hash-mismatch-fetch' };
  }
  if (!f.bodyStored) return { ok: false, reason: 'body-missing' };
  if (f.attachmentsMissing > 0) return { ok: false, reason: 'attachments-missing' };
  return { ok: true, sha256: actual };
}
