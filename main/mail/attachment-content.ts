// Attachment checks shared by preview / open / save: previewable types, magic bytes, risky extensions,
// safe file names.
export const PREVIEW_MAX_BYTES = 20 * 1024 * 1024;

const PREVIEWABLE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp', 'application/pdf']);

export function isPreviewable(mime: string): boolean {
  return PREVIEWABLE.has(normalizeMime(mime));
}

export function normalizeMime(mime: string): string {
  const m = mime.split(';')[0]!.trim().toLowerCase();
  return m === 'image/jpg' || m === 'image/pjpeg' ? 'image/jpeg' : m;
}

/** The content's type from its first bytes, for the previewable types only. */
export function sniffMime(data: Uint8Array): string | null {
  const b = (i: number) => data[i] ?? -1;
  const ascii = (s: number, n: number) => String.fromCharCode(...data.subarray(s, s + n));
  if (ascii(0, 5) === '%PDF-') return 'application/pdf';
  if (b(0) === 0x89 && ascii(1, 3) === 'PNG') return 'image/png';
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'image/jpeg';
  if (ascii(0, 4) === 'GIF8') return 'image/gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') return 'image/webp';
  if (ascii(0, 2) === 'BM') return 'image/bmp';
  return null;
}

// Types that run code or open active content when "opened": programs, installers, scripts, shortcuts,
// disk images, macro documents, web archives and pages, Java launchers, Office add-ins, help files.
const RISKY_EXT = new Set([
  'exe', 'com', 'bat', 'cmd', 'msi', 'msp', 'mst', 'msc', 'msix', 'msixbundle', 'appx', 'appxbundle', 'appref-ms', 'application',
  'scr', 'pif', 'cpl', 'dll', 'ocx', 'sys', 'drv', 'lnk', 'url', 'scf', 'inf', 'ins', 'isp', 'reg', 'hta', 'chm', 'hlp', 'gadget',
  'js', 'jse', 'mjs', 'vb', 'vbs', 'vbe', 'vba', 'ws', 'wsc', 'wsf', 'wsh', 'sct', 'shb', 'shs', 'ps1', 'ps1xml', 'ps2', 'ps2xml',
  'psc1', 'psc2', 'psd1', 'psm1', 'msh', 'msh1', 'msh2', 'mshxml', 'msh1xml', 'msh2xml', 'diagcab', 'search-ms', 'searchconnector-ms',
  'library-ms', 'settingcontent-ms', 'xbap', 'xll', 'xla', 'xlam', 'ppam', 'jar', 'jnlp', 'class',
  'py', 'pyw', 'pyc', 'pyz', 'pl', 'rb', 'php', 'lua', 'tcl', 'sh', 'bash', 'zsh', 'csh', 'ksh', 'command', 'tool', 'run', 'bin',
  'desktop', 'app', 'pkg', 'mpkg', 'dmg', 'workflow', 'action', 'terminal', 'webloc', 'inetloc', 'fileloc', 'deb', 'rpm',
  'appimage', 'snap', 'flatpak', 'apk',
  'html', 'htm', 'xhtml', 'xht', 'shtml', 'mht', 'mhtml', 'svg', 'svgz', 'xml', 'xsl', 'iso', 'img', 'vhd', 'vhdx', 'udf',
  'docm', 'dotm', 'xlsm', 'xltm', 'xlsb', 'pptm', 'potm', 'ppsm', 'sldm',
]);

// Bidi embeddings/overrides/isolates, marks, and zero-width characters: they make a name display as
// something else (a right-to-left override turns "rapport\u202Efdp.exe" into "rapportexe.pdf").
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\u061C\uFEFF\u180E]/g;

/**
 * The one attachment-name normaliser: used for the risk check, the name shown and the file written.
 * No path, no invisible or bidi characters, no control or reserved characters, no leading/trailing dots
 * or spaces (Windows drops them), no device name, bounded length.
 */
export function attachmentName(name: string, fallback = 'piece-jointe'): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  let clean = base
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .trim();
  if (/^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i.test(clean)) clean = `_${clean}`;
  if (!clean) clean = fallback;
  if (clean.length > 180) {
    const dot = clean.lastIndexOf('.');
    const ext = dot > 0 && clean.length - dot <= 20 ? clean.slice(dot) : '';
    clean = clean.slice(0, 180 - ext.length) + ext;
  }
  return clean;
}

/** A file name safe on every OS (the same normaliser as the attachments'). */
export const safeFilename = attachmentName;

/** Risk of "open", judged on the normalised name (the one written and shown). */
export function isRiskyToOpen(filename: string): boolean {
  const name = attachmentName(filename).toLowerCase();
  const dot = name.lastIndexOf('.');
  return dot <= 0 || RISKY_EXT.has(name.slice(dot + 1));
}
