// The sandbox operator's control surface: bring everything up/down, report status, and the small
// operator actions tests need (delegations, UIDVALIDITY reset, kick, connection counts, mail injection).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import {
  BALS,
  DOMAIN,
  HOST,
  PATHS,
  PEOPLE,
  PORTS,
  PSC_CLIENT,
  PSC_ISSUER,
  REPO_ROOT,
  SANDBOX_DIR,
  SOFTHSM_MODULE,
  SOFTWARE_CERT,
  PSC_CARD_PORT,
  type Role,
} from './config';
import { ensurePki, revokeCert } from './pki';
import { initialDelegations, readDelegations, setDelegationRow, writeDelegations, writeUsers, type Delegation } from './mail/accounts';
import { DOVECOT_FILES, doveadm, dovecotPid, reloadDovecot, startDovecot, stopDovecot, writeDovecotConfig } from './mail/dovecot';
import { POSTFIX_FILES, postfixPid, preparePostfix, reloadPostfix, startPostfix, stopPostfix } from './mail/postfix';
import { isPortOpen, pidAlive, readPid, sleep, waitForPort, withDirLock } from './util/exec';

export const CONTROL_FILES = {
  dnsPid: path.join(SANDBOX_DIR, 'dns', 'dns.pid'),
  nodePid: path.join(PATHS.node, 'servers.pid'),
  nodeMain: path.join(REPO_ROOT, 'sandbox', 'node', 'main.ts'),
  seeded: path.join(SANDBOX_DIR, 'seeded.json'),
  upLock: path.join(SANDBOX_DIR, '.up.lock'),
} as const;

export interface Endpoint {
  host: string;
  port: number;
  security: 'starttls' | 'tls' | 'none';
}

export interface SandboxStatus {
  imap: Endpoint;
  imaps: Endpoint;
  imapCert: Endpoint & { auth: 'EXTERNAL'; softwareCert: { bal: string; p12: string; password: string } };
  smtp: Endpoint;
  smtps: Endpoint;
  smtpRelay: Endpoint;
  psc: { issuer: string; clientId: string; clientSecret: string };
  autoconfig: { url: string };
  fhir: { url: string };
  dns: { server: string };
  ca: string;
  crl: string;
  card: { module: string; shimModule?: string; softhsm2Conf?: string };
  bals: Array<{ address: string; type: string; label: string }>;
  people: Array<{ idNat: string; name: string; profession: string; rights: Array<{ bal: string; role: string }> }>;
  running: { dovecot: boolean; dovecotCert: boolean; postfix: boolean; dns: boolean; node: boolean };
  seeded: boolean;
}

// ---------- processes ----------

function dnsPid(): number | null {
  const pid = readPid(CONTROL_FILES.dnsPid);
  return pid && pidAlive(pid) ? pid : null;
}
function nodePid(): number | null {
  const pid = readPid(CONTROL_FILES.nodePid);
  return pid && pidAlive(pid) ? pid : null;
}

/** Spawns `node --import tsx <script>` detached, output appended to a log file, PID written. */
function spawnNodeScript(script: string, pidFile: string, logName: string): number {
  fs.mkdirSync(path.dirname(pidFile), { recursive: true });
  fs.mkdirSync(PATHS.logs, { recursive: true });
  const fd = fs.openSync(path.join(PATHS.logs, logName), 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ['ignore', fd, fd],
    env: process.env,
  });
  fs.closeSync(fd);
  child.unref();
  if (!child.pid) throw new Error(`could not start ${script}`);
  fs.writeFileSync(pidFile, `${child.pid}\n`);
  return child.pid;
}

async function killPidFile(pidFile: string): Promise<void> {
  const pid = readPid(pidFile);
  if (pid && pidAlive(pid)) {
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 100 && pidAlive(pid); i++) await sleep(50);
    if (pidAlive(pid)) process.kill(pid, 'SIGKILL');
  }
  fs.rmSync(pidFile, { force: true });
}

const MAIL_PORTS = [PORTS.imap, PORTS.imaps, PORTS.imapCert, PORTS.lmtp, PORTS.dovecotAuth, PORTS.smtp, PORTS.submission, PORTS.submissions];
const NODE_PORTS = [PORTS.psc, PORTS.pscInternal, PORTS.web, PORTS.fhir];

/** The ports each service of ours binds: checked free before that service is started. */
const SERVICE_PORTS = {
  'Dovecot': [PORTS.imap, PORTS.imaps, PORTS.lmtp, PORTS.dovecotAuth],
  'Dovecot (certificat client)': [PORTS.imapCert],
  'Postfix': [PORTS.smtp, PORTS.submission, PORTS.submissions],
  'DNS': [PORTS.dns],
  'PSC / autoconfig / FHIR': [...NODE_PORTS, PSC_CARD_PORT],
} as const;

/** Who listens on a TCP port of 127.0.0.1, as `ss` names it (empty when unknown). */
function portHolder(port: number): string {
  const r = spawnSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8' });
  const users = /users:\(\((.*)\)\)/.exec(r.stdout ?? '')?.[1];
  return users ? ` (${users})` : '';
}

/** Refuses to start a service whose port another process already holds, naming the port. */
async function assertPortsFree(service: keyof typeof SERVICE_PORTS): Promise<void> {
  for (const port of SERVICE_PORTS[service]) {
    if (await isPortOpen(port)) {
      throw new Error(
        `sandbox: port ${HOST}:${port} (${service}) is already in use by another process${portHolder(port)}; ` +
          `stop it, or shift the sandbox's ports with SANDBOX_PORT_OFFSET`,
      );
    }
  }
}

function wipeState(): void {
  for (const d of [DOVECOT_FILES.mail, DOVECOT_FILES.conns, POSTFIX_FILES.spool, path.join(PATHS.postfix, 'data')]) {
    fs.rmSync(d, { recursive: true, force: true });
  }
  fs.rmSync(CONTROL_FILES.seeded, { force: true });
}

export interface UpOptions {
  fresh?: boolean;
  /** Seed mailboxes when not seeded yet (default true). */
  seed?: boolean;
  log?: (line: string) => void;
}

/** Starts everything (idempotent). Returns the status. If a service fails, what this call started is stopped again. */
export async function sandboxUp(opts: UpOptions = {}): Promise<SandboxStatus> {
  const log = opts.log ?? (() => {});
  fs.mkdirSync(SANDBOX_DIR, { recursive: true });
  // postfix, vmail and dovenull must traverse the state folder (mkdtemp folders are 0700)
  const mode = fs.statSync(SANDBOX_DIR).mode;
  if ((mode & 0o005) !== 0o005) fs.chmodSync(SANDBOX_DIR, (mode & 0o777) | 0o005);
  return withDirLock(CONTROL_FILES.upLock, async () => {
    const started: Array<() => Promise<void>> = [];
    try {
      return await startAll(opts, log, started);
    } catch (err) {
      // Leave nothing half up: a Dovecot started here would keep its ports until `sandbox down`.
      await Promise.allSettled(started.map((stop) => stop()));
      throw err;
    }
  });
}

async function startAll(opts: UpOptions, log: (line: string) => void, started: Array<() => Promise<void>>): Promise<SandboxStatus> {
  const t0 = Date.now();
  if (opts.fresh) {
    log('--fresh: stopping and wiping mailboxes, queue and delegation changes');
    await stopMail();
    wipeState();
  }
  const nodeScript = fs.existsSync(CONTROL_FILES.nodeMain);
  const toStart = {
    dovecot: !dovecotPid('main'),
    dovecotCert: !dovecotPid('cert'),
    postfix: !postfixPid(),
    dns: !dnsPid(),
    node: nodeScript && !nodePid(),
  };
  if (toStart.dovecot) await assertPortsFree('Dovecot');
  if (toStart.dovecotCert) await assertPortsFree('Dovecot (certificat client)');
  if (toStart.postfix) await assertPortsFree('Postfix');
  if (toStart.dns) await assertPortsFree('DNS');
  if (toStart.node) await assertPortsFree('PSC / autoconfig / FHIR');
  await ensurePki();
  writeUsers();
  writeDelegations(initialDelegations());
  await Promise.all([writeDovecotConfig(), preparePostfix()]);
  // running instances pick up the regenerated configuration; stopped ones start
  const startDovecotHere = async (i: 'main' | 'cert') => {
    started.push(() => stopDovecot(i));
    await startDovecot(i);
  };
  const startPostfixHere = async () => {
    started.push(() => stopPostfix());
    await startPostfix();
  };
  await Promise.all([
    toStart.dovecot ? startDovecotHere('main') : reloadDovecot('main'),
    toStart.dovecotCert ? startDovecotHere('cert') : reloadDovecot('cert'),
    toStart.postfix ? startPostfixHere() : reloadPostfix(),
  ]);
  if (toStart.dns) {
    started.push(() => killPidFile(CONTROL_FILES.dnsPid));
    spawnNodeScript(path.join(REPO_ROOT, 'sandbox', 'dns.ts'), CONTROL_FILES.dnsPid, 'dns.log');
  }
  if (toStart.node) {
    started.push(() => killPidFile(CONTROL_FILES.nodePid));
    spawnNodeScript(CONTROL_FILES.nodeMain, CONTROL_FILES.nodePid, 'node.log');
  }
  if (!nodeScript) log('warning: sandbox/node/main.ts missing — PSC, autoconfig and FHIR servers not started');
  await Promise.all(MAIL_PORTS.map((p) => waitForPort(p, 15_000)));
  await waitForDns();
  const tMail = Date.now();
  if (nodeScript) await Promise.all(NODE_PORTS.map((p) => waitForPort(p, 30_000)));
  log(`services up in ${Date.now() - t0} ms (mail ${tMail - t0} ms)`);
  if (opts.seed !== false && !fs.existsSync(CONTROL_FILES.seeded)) {
    const { seedAll } = await import('./seed');
    const t1 = Date.now();
    const summary = await seedAll({ log });
    fs.writeFileSync(CONTROL_FILES.seeded, JSON.stringify({ at: new Date().toISOString(), summary }, null, 2) + '\n');
    log(`seeded in ${Date.now() - t1} ms`);
  }
  // The CPS-like cards (reader starts empty) and the app runtime configuration for this sandbox.
  const { setupCards } = await import('./card/setup');
  await setupCards();
  const { writeAppRuntimeConfig } = await import('./app-runtime');
  writeAppRuntimeConfig();
  const status = await sandboxStatus();
  fs.writeFileSync(PATHS.status, JSON.stringify(status, null, 2) + '\n');
  return status;
}

async function waitForDns(): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (await isPortOpen(PORTS.dns)) return;
    await sleep(100);
  }
  throw new Error(`DNS server not listening on ${PORTS.dns} (see ${path.join(PATHS.logs, 'dns.log')})`);
}

async function stopMail(): Promise<void> {
  await Promise.all([stopPostfix(), stopDovecot('main'), stopDovecot('cert')]);
}

/** Stops everything by control command / PID. */
export async function sandboxDown(): Promise<void> {
  await Promise.all([stopMail(), killPidFile(CONTROL_FILES.dnsPid), killPidFile(CONTROL_FILES.nodePid)]);
  fs.rmSync(PATHS.status, { force: true });
}

export function runningState(): SandboxStatus['running'] {
  return {
    dovecot: dovecotPid('main') !== null,
    dovecotCert: dovecotPid('cert') !== null,
    postfix: postfixPid() !== null,
    dns: dnsPid() !== null,
    node: nodePid() !== null,
  };
}

export async function sandboxStatus(): Promise<SandboxStatus> {
  const cardConf = path.join(PATHS.card, 'softhsm2.conf');
  const shim = path.join(PATHS.card, 'lib', 'libcps-sim-pkcs11.so');
  return {
    imap: { host: HOST, port: PORTS.imap, security: 'starttls' },
    imaps: { host: HOST, port: PORTS.imaps, security: 'tls' },
    imapCert: {
      host: HOST,
      port: PORTS.imapCert,
      security: 'tls',
      auth: 'EXTERNAL',
      softwareCert: { bal: SOFTWARE_CERT.bal, p12: SOFTWARE_CERT.p12, password: SOFTWARE_CERT.p12Password },
    },
    smtp: { host: HOST, port: PORTS.submission, security: 'starttls' },
    smtps: { host: HOST, port: PORTS.submissions, security: 'tls' },
    smtpRelay: { host: HOST, port: PORTS.smtp, security: 'none' },
    psc: { issuer: PSC_ISSUER, clientId: PSC_CLIENT.clientId, clientSecret: PSC_CLIENT.clientSecret },
    autoconfig: { url: `https://localhost:${PORTS.web}/mail/config-v1.1.xml` },
    fhir: { url: `https://localhost:${PORTS.fhir}/fhir/v2` },
    dns: { server: `${HOST}:${PORTS.dns}` },
    ca: PATHS.caCert,
    crl: PATHS.caCrl,
    card: {
      module: SOFTHSM_MODULE,
      ...(fs.existsSync(shim) ? { shimModule: shim } : {}),
      ...(fs.existsSync(cardConf) ? { softhsm2Conf: cardConf } : {}),
    },
    bals: BALS.map((b) => ({ address: b.address, type: b.type, label: b.label })),
    people: PEOPLE.map((p) => ({
      idNat: p.idNat,
      name: [p.title, p.givenName, p.familyName].filter(Boolean).join(' '),
      profession: p.profession,
      rights: readDelegations()
        .filter((d) => d.idNat === p.idNat)
        .map((d) => ({ bal: d.bal, role: d.role })),
    })),
    running: runningState(),
    seeded: fs.existsSync(CONTROL_FILES.seeded),
  };
}

export function isSandboxUp(): boolean {
  const r = runningState();
  return r.dovecot && r.dovecotCert && r.postfix && r.dns && (r.node || !fs.existsSync(CONTROL_FILES.nodeMain));
}

/** Brings the sandbox up unless it already runs. `started` tells whether this call started it. */
export async function ensureSandboxUp(opts: UpOptions = {}): Promise<{ started: boolean; status: SandboxStatus }> {
  if (isSandboxUp() && (await Promise.all(MAIL_PORTS.map((p) => isPortOpen(p)))).every(Boolean)) {
    return { started: false, status: await sandboxStatus() };
  }
  return { started: true, status: await sandboxUp(opts) };
}

// ---------- operator actions ----------

// Dovecot's passwd-file driver stats the file at most once per second.
const PASSWD_FILE_SETTLE_MS = 1100;

/** Gives (role) or withdraws (null) a person's right on a BAL. Resolves once the next login sees it. */
export async function setDelegation(idNat: string, bal: string, role: Role | null): Promise<Delegation[]> {
  const rows = setDelegationRow(idNat, bal, role);
  await sleep(PASSWD_FILE_SETTLE_MS);
  return rows;
}

/** Puts the delegation table back to PEOPLE[].rights. */
export async function resetDelegations(): Promise<void> {
  writeDelegations(initialDelegations());
  await sleep(PASSWD_FILE_SETTLE_MS);
}

/** Changes a folder's UIDVALIDITY (clients must drop their cache of it). Returns the new value. */
export async function resetUidValidity(bal: string, folder: string): Promise<number> {
  const { stdout } = await doveadm(['-f', 'flow', 'mailbox', 'status', '-u', bal, 'uidvalidity', folder]);
  const current = Number(/uidvalidity=(\d+)/.exec(stdout)?.[1] ?? 0);
  const next = Math.max(current + 1, Math.floor(Date.now() / 1000));
  await doveadm(['mailbox', 'update', '-u', bal, '--uid-validity', String(next), folder]);
  return next;
}

export async function restartDovecot(): Promise<void> {
  await Promise.all([stopDovecot('main'), stopDovecot('cert')]);
  await writeDovecotConfig();
  await Promise.all([startDovecot('main'), startDovecot('cert')]);
  await Promise.all([PORTS.imap, PORTS.imaps, PORTS.imapCert, PORTS.lmtp, PORTS.dovecotAuth].map((p) => waitForPort(p)));
}

/** Disconnects every IMAP session of a BAL (both instances). */
export async function kickUser(bal: string): Promise<void> {
  for (const i of ['main', 'cert'] as const) {
    if (dovecotPid(i)) await doveadm(['kick', bal], i).catch(() => undefined);
  }
}

/** Revokes a client certificate (CRL) and makes the certificate instance reload it. */
export async function revokeClientCert(name: string): Promise<void> {
  await revokeCert(name);
  await reloadDovecot('cert');
}

function liveSocketInodes(): Set<string> {
  const out = new Set<string>();
  for (const f of ['/proc/net/unix', '/proc/net/tcp']) {
    let text = '';
    try {
      text = fs.readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) for (const tok of line.trim().split(/\s+/)) if (/^[1-9]\d{3,}$/.test(tok)) out.add(tok);
  }
  return out;
}

/** IMAP sessions per BAL (doveadm who, both instances). */
export async function connectionsByBal(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const i of ['main', 'cert'] as const) {
    if (!dovecotPid(i)) continue;
    const { stdout } = await doveadm(['who', '-1'], i);
    for (const line of stdout.split('\n').slice(1)) {
      const [user, service] = line.trim().split(/\s+/);
      if (user && service === 'imap') counts[user] = (counts[user] ?? 0) + 1;
    }
  }
  return counts;
}

/**
 * Live IMAP sessions. With an IdNat: that person's sessions across all BALs and both instances
 * (registry kept by the post-login script, the mechanism behind the per-person cap). Without: all
 * sessions (doveadm who).
 */
export async function countConnections(idNat?: string): Promise<number> {
  if (!idNat) return Object.values(await connectionsByBal()).reduce((a, b) => a + b, 0);
  const dir = path.join(DOVECOT_FILES.conns, idNat);
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir).filter((n) => n.startsWith('s-'));
  } catch {
    return 0;
  }
  const live = liveSocketInodes();
  return names.filter((n) => live.has(n.slice(2))).length;
}

/** Delivers a raw message through Postfix's unauthenticated SMTP port (MX-like). */
export async function injectMessage(to: string | string[], raw: string | Buffer, from = `postmaster@${DOMAIN}`): Promise<{ messageId?: string; response: string }> {
  const transport = nodemailer.createTransport({ host: HOST, port: PORTS.smtp, secure: false, ignoreTLS: true });
  try {
    const info = await transport.sendMail({ envelope: { from, to: Array.isArray(to) ? to : [to] }, raw });
    return { messageId: info.messageId, response: info.response };
  } finally {
    transport.close();
  }
}

/** IMAP client logged in with the BAL's sandbox password (STARTTLS, CA-verified). Test setup only. */
export async function plainImapClient(bal: string): Promise<ImapFlow> {
  const b = BALS.find((x) => x.address.toLowerCase() === bal.toLowerCase());
  if (!b) throw new Error(`unknown BAL ${bal}`);
  const client = new ImapFlow({
    host: HOST,
    port: PORTS.imap,
    secure: false,
    doSTARTTLS: true,
    auth: { user: b.address, pass: b.password },
    logger: false,
    tls: { ca: [fs.readFileSync(PATHS.caCert)], servername: `imap.${DOMAIN}` },
  });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}
