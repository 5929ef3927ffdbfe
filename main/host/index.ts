// `npm run serve`: runs the main-process services under Node and serves the renderer to a browser.
// Prints the URL (with its per-run secret in the fragment) and opens Chromium when a display exists.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppServices } from '../app/app-services';
import { configureLogFile, log } from '../log';
import { isSafeExternalUrl } from '../window/external-links';
import { startHost } from './server';

interface HostArgs {
  port: number;
  profileDir: string;
  open: boolean;
  sandbox: boolean;
}

function parseArgs(argv: string[]): HostArgs {
  const args: HostArgs = {
    port: Number(process.env.MSS_HOST_PORT ?? 0),
    profileDir: process.env.MSS_PROFILE_DIR ?? path.join(os.homedir(), '.config', 'mssante-client-host'),
    open: Boolean(process.env.DISPLAY),
    sandbox: process.env.MSS_SANDBOX === '1',
  };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (a === '--port') args.port = Number(argv[++i]);
    else if (a === '--profile') args.profileDir = path.resolve(String(argv[++i]));
    else if (a === '--open') args.open = true;
    else if (a === '--no-open') args.open = false;
    else if (a === '--sandbox') args.sandbox = true;
  }
  return args;
}

function findChromium(): string | null {
  for (const c of ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) if (fs.existsSync(c)) return c;
  return null;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const here = path.dirname(fileURLToPath(import.meta.url));
  const rendererDir = process.env.MSS_RENDERER_DIR ?? path.resolve(here, '..', 'renderer');
  fs.mkdirSync(args.profileDir, { recursive: true, mode: 0o700 });
  configureLogFile(path.join(args.profileDir, 'logs'));

  const services = await createAppServices({
    host: 'browser',
    profileDir: args.profileDir,
    openExternal: async (url) => {
      if (!isSafeExternalUrl(url) || !process.env.DISPLAY) return false;
      spawn('xdg-open', [url], { stdio: 'ignore', detached: true }).unref();
      return true;
    },
  });
  const host = await startHost({
    dispatcher: services.dispatcher,
    events: services.events,
    rendererDir,
    hostBridgeFile: path.join(here, 'host-bridge.js'),
    frames: services.frames,
    port: args.port,
  });
  log.info('host.ready', { port: host.port });
  // One machine-readable line for scripts and tests, then a human one.
  process.stdout.write(JSON.stringify({ ready: true, port: host.port, url: host.url }) + '\n');
  process.stdout.write(`Messagerie MSSanté (hôte navigateur) : ouvrez ${host.url}\n`);

  const chromium = args.open ? findChromium() : null;
  if (chromium) {
    const userDataDir = path.join(args.profileDir, 'chromium');
    spawn(chromium, [`--app=${host.url}`, `--user-data-dir=${userDataDir}`, '--no-first-run', '--disable-background-networking', '--disable-sync', '--disable-component-update'], {
      stdio: 'ignore',
      detached: true,
    }).unref();
  }

  const stop = async () => {
    await host.close();
    services.dispose();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main().catch((err: unknown) => {
  process.stderr.write(`Échec du démarrage de l'hôte : ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
