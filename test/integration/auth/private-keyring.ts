// A real Secret Service for this test process: a private dbus-daemon plus an unlocked gnome-keyring
// (what scripts/with-keyring.sh does around a command), started from the test so a plain
// `npx vitest run` exercises keytar for real. When the process already runs inside a session with a
// Secret Service (e.g. under scripts/with-keyring.sh), that one is used instead.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface PrivateKeyring {
  busAddress: string;
  stop(): void;
}

function secretServiceUp(busAddress: string): boolean {
  const r = spawnSync(
    'dbus-send',
    ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets'],
    { env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: busAddress }, encoding: 'utf8', timeout: 2000 },
  );
  return r.status === 0 && r.stdout.includes('boolean true');
}

export function haveKeyringTools(): boolean {
  return ['dbus-daemon', 'dbus-send', 'gnome-keyring-daemon'].every((b) => spawnSync('sh', ['-c', `command -v ${b}`]).status === 0);
}

export async function startPrivateKeyring(): Promise<PrivateKeyring> {
  const existing = process.env.DBUS_SESSION_BUS_ADDRESS;
  if (existing && secretServiceUp(existing)) return { busAddress: existing, stop: () => {} };

  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'auth-keyring-'));
  const busAddress = `unix:path=${path.join(home, 'bus')}`;
  const children: ChildProcess[] = [];
  const stop = () => {
    for (const c of children.reverse()) if (c.pid && c.exitCode === null) c.kill('SIGTERM');
    fs.rmSync(home, { recursive: true, force: true });
  };
  const bus = spawn('dbus-daemon', ['--session', '--nofork', `--address=${busAddress}`], { stdio: 'ignore' });
  children.push(bus);
  for (let i = 0; i < 50 && !fs.existsSync(path.join(home, 'bus')); i++) await new Promise((r) => setTimeout(r, 100));

  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, DBUS_SESSION_BUS_ADDRESS: busAddress, XDG_DATA_HOME: path.join(home, 'data') };
  delete env.DISPLAY;
  const gkd = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], { env, stdio: ['pipe', 'ignore', 'ignore'] });
  children.push(gkd);
  gkd.stdin!.end('auth-test-keyring-pw');
  for (let i = 0; i < 100; i++) {
    if (secretServiceUp(busAddress)) {
      // keytar (libsecret) connects to the session bus named here, on first use.
      process.env.DBUS_SESSION_BUS_ADDRESS = busAddress;
      return { busAddress, stop };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  stop();
  throw new Error('private keyring: Secret Service did not start');
}
