// Reads a ZIP (an IHE_XDM.zip attachment) from memory without trusting it: bounded entry count, bounded
// uncompressed size (declared AND actual: yauzl checks that the inflated stream matches the header),
// bounded compression ratio (zip bombs), no path traversal (`..`, absolute, drive letters, backslashes),
// no encrypted entries, nested archives kept as opaque bytes (never expanded).
import yauzl from 'yauzl';
import { XdmError } from './errors';

export interface ZipLimits {
  maxEntries: number;
  /** Sum of the uncompressed sizes of every entry (bytes). */
  maxTotalBytes: number;
  /** Largest uncompressed/compressed ratio accepted for an entry bigger than ratioFloorBytes. */
  maxRatio: number;
  ratioFloorBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 500,
  maxTotalBytes: 50 * 1024 * 1024,
  maxRatio: 100,
  ratioFloorBytes: 64 * 1024,
};

/** Whether a ZIP entry name is a safe relative path (checked on the raw name, before any normalisation). */
export function isSafeEntryName(name: string): boolean {
  if (!name || name.length > 512) return false;
  if (name.includes('\\') || name.includes('\0')) return false;
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return false;
  return name.split('/').every((seg) => seg !== '..' && seg !== '.');
}

/** Files of the archive (directories skipped), names as stored (forward slashes). */
export type ZipFiles = Map<string, Buffer>;

function open(buffer: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    // strictFileNames: a backslash is an error, not silently turned into a separator.
    yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true, strictFileNames: true, decodeStrings: true }, (err, zip) => {
      if (err || !zip) reject(new XdmError(isPathError(err) ? 'xdm.unsafe-path' : 'xdm.not-a-zip', { cause: err }));
      else resolve(zip);
    });
  });
}

function isPathError(err: unknown): boolean {
  const m = err instanceof Error ? err.message : '';
  return /absolute path|invalid relative path|invalid characters in fileName/i.test(m);
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) {
        reject(new XdmError('xdm.not-a-zip', { cause: err }));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (c: Buffer) => {
        size += c.length;
        if (size > limit) {
          stream.destroy();
          reject(new XdmError('xdm.too-large'));
          return;
        }
        chunks.push(c);
      });
      stream.on('error', (e) => reject(new XdmError(/too many|too few|size/i.test(e.message) ? 'xdm.bomb' : 'xdm.not-a-zip', { cause: e })));
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    });
  });
}

/** Reads every file of the archive within the limits; throws XdmError (French) on anything hostile. */
export async function readZipSafely(buffer: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<ZipFiles> {
  const zip = await open(buffer);
  try {
    if (zip.entryCount > limits.maxEntries) throw new XdmError('xdm.too-many-entries');
    const files: ZipFiles = new Map();
    let declaredTotal = 0;
    let actualTotal = 0;
    await new Promise<void>((resolve, reject) => {
      let count = 0;
      zip.on('error', (e: Error) => reject(isPathError(e) ? new XdmError('xdm.unsafe-path', { cause: e }) : new XdmError('xdm.not-a-zip', { cause: e })));
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        void (async () => {
          count++;
          if (count > limits.maxEntries) throw new XdmError('xdm.too-many-entries');
          const name = entry.fileName;
          if (!isSafeEntryName(name)) throw new XdmError('xdm.unsafe-path');
          if ((entry.generalPurposeBitFlag & 0x1) !== 0) throw new XdmError('xdm.encrypted');
          if (name.endsWith('/')) {
            zip.readEntry();
            return;
          }
          declaredTotal += entry.uncompressedSize;
          if (declaredTotal > limits.maxTotalBytes) throw new XdmError('xdm.too-large');
          if (entry.uncompressedSize > limits.ratioFloorBytes && entry.uncompressedSize / Math.max(1, entry.compressedSize) > limits.maxRatio) {
            throw new XdmError('xdm.bomb');
          }
          if (files.has(name)) throw new XdmError('xdm.unsafe-path');
          const data = await readEntry(zip, entry, Math.min(entry.uncompressedSize, limits.maxTotalBytes - actualTotal));
          actualTotal += data.length;
          files.set(name, data);
          zip.readEntry();
        })().catch(reject);
      });
      zip.readEntry();
    });
    return files;
  } finally {
    zip.close();
  }
}

/** Case-insensitive lookup of a file name in the archive. */
export function findFile(files: ZipFiles, name: string): { name: string; data: Buffer } | null {
  const want = name.toLowerCase();
  for (const [n, data] of files) if (n.toLowerCase() === want) return { name: n, data };
  return null;
}
