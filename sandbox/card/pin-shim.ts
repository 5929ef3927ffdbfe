// Builds pin-shim.c (sandbox-only PKCS#11 wrapper adding CPS-like PIN try counters to SoftHSM) with gcc.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from '../config';
import { run } from '../util/exec';
import type { CardLayout } from './layout';

const SOURCE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pin-shim.c');
const PKCS11_HEADERS = path.join(REPO_ROOT, 'node_modules', 'pkcs11js', 'includes', 'pkcs11');

/** Returns the path of the built shim (rebuilt when the source changes). */
export async function buildPinShim(layout: CardLayout): Promise<string> {
  const src = fs.readFileSync(SOURCE);
  const hash = crypto.createHash('sha256').update(src).digest('hex').slice(0, 16);
  const stamp = `${layout.shimModule}.${hash}`;
  if (fs.existsSync(layout.shimModule) && fs.existsSync(stamp)) return layout.shimModule;
  fs.mkdirSync(layout.libDir, { recursive: true });
  const tmp = `${layout.shimModule}.${process.pid}.tmp`;
  await run('gcc', ['-shared', '-fPIC', '-O2', '-Wall', '-I', PKCS11_HEADERS, '-o', tmp, SOURCE, '-ldl']);
  fs.renameSync(tmp, layout.shimModule);
  for (const f of fs.readdirSync(layout.libDir)) if (f.startsWith(path.basename(layout.shimModule) + '.') && !f.endsWith('.tmp')) fs.rmSync(path.join(layout.libDir, f));
  fs.writeFileSync(stamp, '');
  return layout.shimModule;
}
