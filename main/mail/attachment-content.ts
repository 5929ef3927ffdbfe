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

const RISKY_EXT = new Set([
  'exe', 'com', 'bat', 'cmd', 'msi', 'msp', 'scr', 'pif', 'cpl', 'dll', 'lnk', 'url', 'hta', 'js', 'jse', 'vbs', 'vbe',
  'wsf', 'wsh', 'ps1', 'psm1', 'reg', 'jar', 'sh', 'bash', 'command', 'app', 'pkg', 'dmg', 'deb', 'rpm', 'appimage',
  'html', 'htm', 'xhtml', 'svg', 'iso', 'img', 'vhd', 'vhdx', 'library-ms', 'settingcontent-ms', 'docm', 'xlsm', 'pptm',
]);

export function isRiskyToOpen(filename: string): boolean {
  const ext = filename.toLowerCase().split('.').pop() ?? '';
  return RISKY_EXT.has(ext) || !filename.includes('.');
}

/** A file name safe on every OS: no path, no control or reserved characters, bounded length. */
export function safeFilename(name: string, fallback = 'piece-jointe'): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  let clean = base
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f<>:"|?*\u202e\u202d]/g, '_')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .trim();
  if (/^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i.test(clean)) clean = `_${clean}`;
  if (!clean) clean = fallback;
  if (clean.length > 180) {
    const dot = clean.lastIndexOf('.');
    const ext = dot > 0 && clean.length - dot <= 12 ? clean.slice(dot) : '';
    clean = clean.slice(0, 180 - ext.length) + ext;
  }
  return clean;
}
