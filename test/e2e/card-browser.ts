// Pieces of the "card in the browser" e2e flow: an own sandbox whose PSC asks for a TLS client certificate,
// a Chromium NSS database holding the sandbox card's PKCS#11 module, an X server for Chromium's PIN
// dialog, and the keystrokes that answer it (what the practitioner types).
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../sandbox/config';

export interface OwnSandbox {
  dir: string;
  env: NodeJS.ProcessEnv;
  appRuntimeFile: string;
  cardDir: string;
  caCert: string;
  pscOrigin: string;
  pscCardOrigin: string;
  nodeLog: string;
  down(): void;
}

/** A second sandbox (own state folder, shifted ports) whose PSC card method requires a client certificate. */
export function startOwnSandbox(portOffset: number): OwnSandbox {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mss-card-browser-sandbox-'));
  const env = { ...process.env, SANDBOX_DIR: dir, SANDBOX_PORT_OFFSET: String(portOffset), SANDBOX_PSC_CARD_TLS: 'required' };
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'sandbox', 'cli.ts'), ...args], { cwd: REPO_ROOT, env, encoding: 'utf8', timeout: 180_000 });
  const up = cli('up');
  if (up.status !== 0) {
    cli('down');
    throw new Error(`own sandbox did not start: ${up.stderr.slice(-2000)}`);
  }
  const status = JSON.parse(up.stdout) as { psc: { issuer: string } };
  const psc = new URL(status.psc.issuer);
  return {
    dir,
    env,
    appRuntimeFile: path.join(dir, 'app-runtime.json'),
    cardDir: path.join(dir, 'card'),
    caCert: path.join(dir, 'pki', 'ca.crt'),
    pscOrigin: psc.origin,
    pscCardOrigin: `${psc.protocol}//${psc.hostname}:${10446 + portOffset}`,
    nodeLog: path.join(dir, 'logs', 'node.log'),
    down() {
      cli('down');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Serial (hex, as Node prints it) of the card's authentication certificate. */
export function authCertificateSerial(sb: OwnSandbox, idNat: string): string {
  const meta = JSON.parse(fs.readFileSync(path.join(sb.cardDir, 'cards', idNat, 'card.json'), 'utf8')) as { authCert: string };
  return new crypto.X509Certificate(fs.readFileSync(meta.authCert)).serialNumber;
}

/**
 * $HOME for Chromium: `.pki/nssdb` (the NSS database Chromium reads on Linux) with the card reader's
 * PKCS#11 module registered — FRIENDLY: certificates readable without the PIN, as Cryptolib CPS presents
 * them — and the sandbox CA trusted for web sites.
 */
export function browserHomeWithCardModule(root: string, module: string, softhsmConf: string, caCert: string): string {
  const home = path.join(root, 'home');
  const db = path.join(home, '.pki', 'nssdb');
  fs.mkdirSync(db, { recursive: true });
  const env = { ...process.env, HOME: home, SOFTHSM2_CONF: softhsmConf };
  execFileSync('certutil', ['-N', '--empty-password', '-d', `sql:${db}`], { env, stdio: 'pipe' });
  execFileSync('modutil', ['-dbdir', `sql:${db}`, '-add', 'Lecteur CPS (sandbox)', '-libfile', module, '-mechanisms', 'FRIENDLY', '-force'], { env, stdio: 'pipe' });
  execFileSync('certutil', ['-A', '-d', `sql:${db}`, '-n', 'AC sandbox MSSante', '-t', 'C,,', '-i', caCert], { env, stdio: 'pipe' });
  return home;
}

/** Certificates NSS offers from the card (nicknames "<token>:<label>"). */
export function nssCardCertificates(home: string, softhsmConf: string): string[] {
  const out = execFileSync('certutil', ['-L', '-d', `sql:${path.join(home, '.pki', 'nssdb')}`, '-h', 'all'], {
    env: { ...process.env, HOME: home, SOFTHSM2_CONF: softhsmConf },
    encoding: 'utf8',
  });
  return out.split('\n').filter((l) => l.startsWith('CPS3 ')).map((l) => l.replace(/\s+\S+$/, '').trim());
}

/**
 * Chromium profile whose content settings auto-select the client certificate issued by the sandbox CA for
 * the card listener (the per-profile form of the AutoSelectCertificateForUrls policy): no certificate
 * chooser, as on a workstation where the administrator set that policy for PSC.
 */
export function profileWithCertificateAutoSelect(root: string, origin: string, issuerCn: string): string {
  const profile = path.join(root, 'profile');
  fs.mkdirSync(path.join(profile, 'Default'), { recursive: true });
  const exceptions = { auto_select_certificate: { [`${origin},*`]: { setting: { filters: [{ ISSUER: { CN: issuerCn } }] } } } };
  fs.writeFileSync(path.join(profile, 'Default', 'Preferences'), JSON.stringify({ profile: { content_settings: { exceptions } } }));
  return profile;
}

export interface XServer {
  display: string;
  stop(): void;
}

/** Starts Xvfb on a free display (Chromium's PIN dialog is a native window: the browser runs headed). */
export async function startXvfb(): Promise<XServer> {
  const child: ChildProcess = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1360x900x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  });
  const display = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Xvfb did not start within 10 s')), 10_000);
    let data = '';
    child.stdio[3]!.on('data', (chunk: Buffer) => {
      data += chunk.toString();
      if (data.includes('\n')) {
        clearTimeout(timer);
        resolve(`:${data.trim()}`);
      }
    });
    child.once('exit', (code) => reject(new Error(`Xvfb exited (${code})`)));
  });
  return {
    display,
    stop: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
    },
  };
}

const xdotool = (display: string, ...args: string[]) =>
  spawnSync('xdotool', args, { env: { ...process.env, DISPLAY: display }, encoding: 'utf8' });

/** Visible windows (id, title) of the X display. */
export function visibleWindows(display: string): { id: string; title: string }[] {
  const ids = xdotool(display, 'search', '--onlyvisible', '--name', '.').stdout.trim().split('\n').filter(Boolean);
  return ids.map((id) => ({ id, title: xdotool(display, 'getwindowname', id).stdout.trim() }));
}

/**
 * Waits for Chromium's NSS token-login dialog ("Unlock Security Device", localised when Chromium's locales
 * are installed) and types the PIN there with real key events (XTEST), as the practitioner would.
 */
export async function typePinInBrowserDialog(display: string, pin: string, timeoutMs = 20_000): Promise<{ id: string; title: string }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const dialog = visibleWindows(display).find((w) => /security device|dispositif de sécurité|périphérique de sécurité/i.test(w.title));
    if (dialog) {
      xdotool(display, 'windowfocus', '--sync', dialog.id);
      const typed = xdotool(display, 'type', '--delay', '40', pin);
      if (typed.status !== 0) throw new Error('xdotool could not type in the PIN dialog');
      xdotool(display, 'key', 'Return');
      return dialog;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no PIN dialog in time; windows: ${visibleWindows(display).map((w) => w.title).join(' | ')}`);
}
