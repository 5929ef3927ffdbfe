// Where Cryptolib CPS installs its PKCS#11 module, per OS. The path is configurable in the settings;
// these are the defaults tried in order.
import fs from 'node:fs';

export const DEFAULT_MODULE_PATHS: Readonly<Record<string, readonly string[]>> = {
  win32: ['C:\\Windows\\System32\\cps3_pkcs11_w64.dll'],
  darwin: ['/usr/local/lib/libcps3_pkcs11_osx.dylib'],
  linux: ['/opt/santesocial/CPS/lib/libcps3_pkcs11_lux.so', '/usr/lib64/libcps3_pkcs11_lux.so'],
};

export function defaultModulePaths(platform: NodeJS.Platform = process.platform): readonly string[] {
  return DEFAULT_MODULE_PATHS[platform] ?? [];
}

/**
 * The module to load: the configured one if set (even if missing, so the user sees that path is wrong),
 * else the first default that exists, else the first default (reported as missing).
 */
export function resolveModulePath(
  configured: string | undefined,
  platform: NodeJS.Platform = process.platform,
  exists: (p: string) => boolean = fs.existsSync,
): string | null {
  if (configured && configured.trim()) return configured.trim();
  const candidates = defaultModulePaths(platform);
  return candidates.find((p) => exists(p)) ?? candidates[0] ?? null;
}
