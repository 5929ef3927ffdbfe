// Electron only: "save" asks where with the system dialog; "open" writes a private temporary copy and
// hands it to the system (risky types are refused earlier, by the mail handlers).
import path from 'node:path';
import { BrowserWindow, dialog, shell } from 'electron';
import { type AttachmentFiles, writeUnique } from '../mail/attachment-files';
import { safeFilename } from '../mail/attachment-content';

export function electronAttachmentFiles(tempDir: string): AttachmentFiles {
  return {
    async saveFile(file) {
      const parent = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
      const options = { defaultPath: safeFilename(file.filename) };
      const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
      if (result.canceled || !result.filePath) return null;
      return writeUnique(path.dirname(result.filePath), path.basename(result.filePath), file.data);
    },
    async openFile(file) {
      const written = await writeUnique(tempDir, file.filename, file.data);
      return (await shell.openPath(written)) === '';
    },
  };
}
