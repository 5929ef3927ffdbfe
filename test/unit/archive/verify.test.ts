import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeRaw, encodeRaw, sha256Hex } from '../../../main/archive/raw-codec';
import { verifyCopy, type CopyFacts } from '../../../main/archive/verify';

const raw = Buffer.from('From: a@test.mssante.fr\r\nSubject: CR\r\n\r\n' + 'Compte rendu. '.repeat(200) + '\r\n');
const facts = (o: Partial<CopyFacts> = {}): CopyFacts => ({
  serverSize: raw.length, fetchedSha256: sha256Hex(raw), fetchedSize: raw.length,
  recordedSha256: sha256Hex(raw), recordedSize: raw.length, stored: Buffer.from(raw), bodyStored: true, attachmentsMissing: 0, ...o,
});

describe('verification of the local copy', () => {
  it('accepts a complete copy identical to what the server sent', () => {
    expect(verifyCopy(facts())).toEqual({ ok: true, sha256: sha256Hex(raw) });
    // Replay: nothing fetched this time, the stored copy against its record and the server size.
    expect(verifyCopy(facts({ fetchedSha256: null, fetchedSize: null })).ok).toBe(true);
  });

  it('refuses every kind of incomplete or altered copy', () => {
    const flipped = Buffer.from(raw);
    flipped[50] = flipped[50]! ^ 1;
    expect(verifyCopy(facts({ stored: null }))).toEqual({ ok: false, reason: 'no-local-source' });
    expect(verifyCopy(facts({ stored: flipped }))).toEqual({ ok: false, reason: 'hash-mismatch-record' });
    expect(verifyCopy(facts({ stored: raw.subarray(0, 100), recordedSha256: sha256Hex(raw.subarray(0, 100)) }))).toEqual({ ok: false, reason: 'size-mismatch-record' });
    expect(verifyCopy(facts({ serverSize: raw.length + 1 }))).toEqual({ ok: false, reason: 'size-mismatch-server' });
    expect(verifyCopy(facts({ fetchedSha256: sha256Hex(flipped) }))).toEqual({ ok: false, reason: 'hash-mismatch-fetch' });
    expect(verifyCopy(facts({ bodyStored: false }))).toEqual({ ok: false, reason: 'body-missing' });
    expect(verifyCopy(facts({ attachmentsMissing: 1 }))).toEqual({ ok: false, reason: 'attachments-missing' });
  });

  it('raw codec: compressed when it helps, identical bytes back', () => {
    const e = encodeRaw(raw);
    expect(e.encoding).toBe('zlib');
    expect(e.data.length).toBeLessThan(raw.length);
    expect(decodeRaw(e).equals(raw)).toBe(true);
    const random = Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 7919) % 251));
    const r = encodeRaw(crypto.randomBytes(4096));
    expect(r.encoding).toBe('identity');
    expect(decodeRaw(encodeRaw(random)).equals(random)).toBe(true);
  });
});
