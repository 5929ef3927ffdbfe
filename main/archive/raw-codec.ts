// The raw source of a message as kept in raw_messages: SHA-256 and size of the uncompressed bytes, content
// zlib-compressed (the cache is encrypted as a whole; compression only saves space).
import crypto from 'node:crypto';
import zlib from 'node:zlib';

export interface EncodedRaw {
  sha256: string;
  size: number;
  encoding: 'zlib' | 'identity';
  data: Buffer;
}

export function sha256Hex(data: Uint8Array): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

export function encodeRaw(raw: Buffer): EncodedRaw {
  const packed = zlib.deflateSync(raw, { level: 6 });
  // Already-compressed content (PDF, images) may not shrink: kept as is then.
  return packed.length < raw.length
    ? { sha256: sha256Hex(raw), size: raw.length, encoding: 'zlib', data: packed }
    : { sha256: sha256Hex(raw), size: raw.length, encoding: 'identity', data: Buffer.from(raw) };
}

export function decodeRaw(row: { encoding: string; data: Buffer }): Buffer {
  return row.encoding === 'zlib' ? zlib.inflateSync(row.data) : Buffer.from(row.data);
}
