// Where "save" and "open" put an attachment. Electron: the lead wires a save dialog and
// shell.openPath; the browser host (and tests) write into a Downloads folder.
import fs from 'node:fs/promises';
import path from 'node:path';
import { safeFilename } from './attachment-content';

export interface AttachmentFile {
  filename: string;
  mime: string;
  data: Buffer;
}

export interface AttachmentFiles {
  /** Asks where to save (or uses a default folder) and writes the file; null when the user cancelled. */
  saveFile(file: AttachmentFile): Promise<string | null>;
  /** Writes the file to a private temporary place and opens it with the system; false when it cannot. */
  openFile(file: AttachmentFile): Promise<boolean>;
}

/** Writes "name.ext", or "name (2).ext"... without ever overwriting an existing file. */
export async function writeUnique(dir: string, filename: string, data: Buffer): Promise<string> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const safe = safeFilename(filename);
  const dot = safe.lastIndexOf('.');
  const stem = dot > 0 ? safe.slice(0, dot) : safe;
  const ext = dot > 0 ? safe.slice(dot) : '';
  for (let i = 1; i < 1000; i++) {
    const candidate = path.join(dir, i === 1 ? safe : `${stem} (${i})${ext}`);
    try {
      await fs.writeFile(candidate, data, { flag: 'wx', mode: 0o600 });
      return candidate;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  throw new Error('no free file name');
}

/** Browser host / tests: save into `downloadsDir`; open = save + hand the path to `openPath` if given. */
export function downloadsFolderFiles(downloadsDir: string, openPath?: (file: string) => Promise<boolean>): AttachmentFiles {
  return {
    saveFile: (f) => writeUnique(downloadsDir, f.filename, f.data),
    async openFile(f) {
      if (!openPath) return false;
      const file = await writeUnique(downloadsDir, f.filename, f.data);
      return openPath(file);
    },
  };
}
