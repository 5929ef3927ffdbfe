// `npm run demo`: the sandbox operator up, then the app opened on it, preconfigured with the sandbox
// cabinet BAL and the sandbox secretary remembered, so a newcomer sees a working cabinet in one command.
// The secretary's "phone" is simulated: this script approves her e-CPS requests (and says so).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import readline from 'node:readline';
import { discover } from '../main/autoconfig';
import { AccountsFile } from '../main/accounts/accounts-file';
import { PreferencesFile } from '../main/settings/preferences-file';
import { loadRuntimeConfig } from '../main/config/runtime-config';
import { APP_RUNTIME_FILE } from '../sandbox/app-runtime';
import { DEMO_PERSON_IDNAT, DOMAIN, PATHS, PSC_CONTROL_URL, REPO_ROOT, SANDBOX_DIR, personByIdNat } from '../sandbox/config';
import { ensureSandboxUp } from '../sandbox/control';

const profileDir = path.join(SANDBOX_DIR, 'demo-profile');
const cabinet = `cabinet.saint-roch@${DOMAIN}`;

function control(method: 'GET' | 'POST', pathname: string, body?: unknown): Promise<unknown> {
  const payload = body ? JSON.stringify(body) : undefined;
  return new Promise((resolve, reject) => {
    const req = https.request(`${PSC_CONTROL_URL}${pathname}`, {
      method,
      ca: fs.readFileSync(PATHS.caCert),
      headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {},
    }, (res) => {
      let data = '';
      res.on('data', (c) => (data += c));
      res.on('end', () => resolve(data ? JSON.parse(data) : null));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function preconfigure(): Promise<void> {
  fs.mkdirSync(profileDir, { recursive: true, mode: 0o700 });
  const accounts = new AccountsFile(profileDir);
  if (!accounts.get(cabinet)) {
    const runtime = loadRuntimeConfig(APP_RUNTIME_FILE);
    const found = await discover(cabinet, { testMode: true, extraCa: runtime.extraCa, dnsServers: runtime.dnsServers, hostPortMap: runtime.hostPortMap });
    accounts.upsert({ address: cabinet, type: 'CAB', label: cabinet, config: found.config, discoveredFrom: found.url ?? found.source });
  }
  new PreferencesFile(profileDir).set({ rememberedIdNat: DEMO_PERSON_IDNAT });
}

/** The secretary's phone: approves her pending e-CPS requests. */
function simulatePhone(): NodeJS.Timeout {
  const person = personByIdNat(DEMO_PERSON_IDNAT)!;
  return setInterval(async () => {
    try {
      const pending = (await control('GET', '/ciba/pending')) as Array<{ auth_req_id: string; login_hint: string; binding_message: string; channel: string }>;
      for (const p of pending.filter((x) => x.login_hint === DEMO_PERSON_IDNAT && x.channel === 'MOBILE')) {
        await control('POST', '/ciba/approve', { authReqId: p.auth_req_id });
        console.log(`Téléphone simulé de ${person.givenName} ${person.familyName} : connexion approuvée (code ${p.binding_message}).`);
      }
    } catch {
      // the sandbox may be restarting
    }
  }, 1000);
}

async function main(): Promise<void> {
  console.log('Démarrage de l’opérateur de test (sandbox)…');
  await ensureSandboxUp({ log: (l) => console.log(`  ${l}`) });
  await preconfigure();
  const phone = simulatePhone();
  const env = { ...process.env, MSS_NET_CONFIG: APP_RUNTIME_FILE, MSS_PROFILE_DIR: profileDir };
  const electronBinary = process.env.MSS_ELECTRON_BINARY;
  if (electronBinary && fs.existsSync(electronBinary)) {
    const child = spawn(electronBinary, [REPO_ROOT], { env, stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }
  console.log("Pas de binaire Electron sur ce poste : ouverture de l'hôte navigateur.");
  const host = spawn(process.execPath, [path.join(REPO_ROOT, 'out', 'host', 'index.js'), '--profile', profileDir, ...(process.env.DISPLAY ? ['--open'] : [])], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  readline.createInterface({ input: host.stdout! }).on('line', (line) => {
    if (line.startsWith('{')) return;
    console.log(line);
    console.log(`Connectez-vous avec e-CPS : l'identifiant de la secrétaire (${DEMO_PERSON_IDNAT}) est prérempli ; son téléphone est simulé.`);
  });
  const stop = () => {
    clearInterval(phone);
    host.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  host.on('exit', (code) => {
    clearInterval(phone);
    process.exit(code ?? 0);
  });
}

void main().catch((err: unknown) => {
  console.error(`La démonstration n'a pas pu démarrer : ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
