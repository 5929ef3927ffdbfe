// The only way a link leaves the app: https, no credentials in the URL, no IP literal hosts unless
// explicitly allowed, checked in the main process before the OS opens it.
export function isSafeExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:') return false;
  if (url.username || url.password) return false;
  if (!url.hostname || url.hostname.length > 253) return false;
  return true;
}
