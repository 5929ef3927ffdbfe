// One attachment-name normaliser for the check, the display and the file: what is checked is what is
// shown and what is written.
import { describe, expect, it } from 'vitest';
import { attachmentName, isRiskyToOpen, safeFilename } from '../../../main/mail/attachment-content';

describe('attachment names', () => {
  it('flags the name that will be written, not the raw one (trailing dots and spaces)', () => {
    for (const raw of ['x.exe.', 'x.exe . .', 'x.EXE', ' x.exe ', 'dir/x.exe.', 'x.exe\u0000']) {
      expect(attachmentName(raw).toLowerCase()).toBe('x.exe');
      expect(isRiskyToOpen(raw)).toBe(true);
    }
  });

  it('removes bidi controls and invisible characters so the name cannot pose as another type', () => {
    const rlo = 'rapport\u202Efdp.exe';
    expect(attachmentName(rlo)).toBe('rapportfdp.exe');
    expect(isRiskyToOpen(rlo)).toBe(true);
    for (const c of ['\u202A', '\u202B', '\u202C', '\u202D', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C', '\u200B', '\uFEFF']) {
      expect(attachmentName(`a${c}b.pdf`)).toBe('ab.pdf');
    }
    expect(attachmentName('résumé.pdf'.normalize('NFD'))).toBe('résumé.pdf');
  });

  it('knows the executable, script, shortcut and active-document types', () => {
    for (const ext of ['msc', 'xll', 'chm', 'jnlp', 'scf', 'appref-ms', 'desktop', 'mhtml', 'mht', 'py', 'exe', 'lnk', 'hta', 'ps1', 'vbs', 'docm', 'svg', 'html', 'iso']) {
      expect(isRiskyToOpen(`fichier.${ext}`), ext).toBe(true);
    }
    for (const name of ['CR.pdf', 'radio.png', 'lettre.docx', 'données.csv', 'note.txt']) expect(isRiskyToOpen(name), name).toBe(false);
    expect(isRiskyToOpen('sans-extension')).toBe(true);
  });

  it('keeps safeFilename as the same normaliser (file names on disk)', () => {
    expect(safeFilename('a\u202Eb.exe.')).toBe(attachmentName('a\u202Eb.exe.'));
    expect(safeFilename('')).toBe('piece-jointe');
  });
});
