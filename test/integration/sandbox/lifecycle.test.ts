// `up` on an empty state folder then `down` leaves no process behind. Runs a second, isolated sandbox
// (own SANDBOX_DIR, ports shifted by SANDBOX_PORT_OFFSET) so the shared one is not disturbed.
import { execFileSync, spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DOMAIN, PORT_OFFSET, REPO_ROOT } from '../../../sandbox/config';

// Relative to this run's own offset: two runs side by side (SANDBOX_PORT_OFFSET) never share the nested ports.
const OFFSET = PORT_OFFSET + 1500;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-lifecycle-'));
const env = { ...process.env, SANDBOX_DIR: dir, SANDBOX_PORT_OFFSET: String(OFFSET) };
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'sandbox', 'cli.ts'), ...args], { cwd: REPO_ROOT, env, encoding: 'utf8', timeout: 120_000 });

function descendants(pids: number[]): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number) as [number, number]);
  const out = new Set(pids);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of rows) {
      if (out.has(ppid) && !out.has(pid)) {
        out.add(pid);
        grew = true;
      }
    }
  }
  return [...out];
}
/** Running (a zombie waiting for init to reap it is not running). */
const alive = (pid: number) => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
};
const readPid = (f: string) => Number(fs.readFileSync(path.join(dir, f), 'utf8').trim());

// A failed test must not leave its sandbox up for the next one (which would then find its ports held).
afterEach(() => {
  cli('down');
});
afterAll(() => {
  cli('down');
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('sandbox lifecycle', () => {
  it('up from nothing, then down leaves no process behind', { timeout: 180_000 }, () => {
    const up = cli('up');
    expect(up.status, up.stderr).toBe(0);
    const status = JSON.parse(up.stdout) as { imap: { port: number }; running: Record<string, boolean>; seeded: boolean };
    expect(status.imap.port).toBe(10143 + OFFSET);
    expect(status.running).toEqual({ dovecot: true, dovecotCert: true, postfix: true, dns: true, node: true });
    expect(status.seeded).toBe(true);

    const st = cli('status');
    expect(JSON.parse(st.stdout).running.dovecot).toBe(true);

    // benchmark mailbox: Maildir files written directly, then indexed by Dovecot
    const large = cli('seed', '--large', `bob.durand@${DOMAIN}`, '5000', '--folder', 'Volumineux');
    expect(large.status, large.stderr).toBe(0);
    const count = execFileSync('doveadm', ['-c', path.join(dir, 'dovecot', 'dovecot.conf'), 'mailbox', 'status', '-u', `bob.durand@${DOMAIN}`, 'messages', 'Volumineux'], { encoding: 'utf8' });
    expect(count).toMatch(/messages=5000/);

    const masters = [
      readPid('dovecot/run/master.pid'),
      readPid('dovecot/run-cert/master.pid'),
      readPid('postfix/spool/pid/master.pid'),
      readPid('dns/dns.pid'),
      readPid('node/servers.pid'),
    ];
    const all = descendants(masters);
    expect(all.length).toBeGreaterThan(masters.length);

    const down = cli('down');
    expect(down.status, down.stderr).toBe(0);
    const deadline = Date.now() + 30_000;
    while (all.some(alive) && Date.now() < deadline) spawnSync('sleep', ['0.1']);
    expect(all.filter(alive)).toEqual([]);
    // nothing else mentions the state folder either
    const left = spawnSync('pgrep', ['-f', dir], { encoding: 'utf8' });
    expect(left.stdout.trim()).toBe('');
    expect(JSON.parse(cli('status').stdout).running).toEqual({ dovecot: false, dovecotCert: false, postfix: false, dns: false, node: false });
  });

  /** Nothing of this sandbox runs (its last processes are given time to exit: a wait, not an assertion on time). */
  const nothingRunning = () => {
    expect(JSON.parse(cli('status').stdout).running).toEqual({ dovecot: false, dovecotCert: false, postfix: false, dns: false, node: false });
    const left = () => spawnSync('pgrep', ['-f', dir], { encoding: 'utf8' }).stdout.trim();
    const deadline = Date.now() + 30_000;
    while (left() && Date.now() < deadline) spawnSync('sleep', ['0.1']);
    expect(left()).toBe('');
  };

  it('refuses to start, naming the port, when another process holds one of its ports', { timeout: 180_000 }, async () => {
    const submission = 10587 + OFFSET;
    const holder = net.createServer();
    await new Promise<void>((resolve, reject) => holder.once('error', reject).listen(submission, '127.0.0.1', resolve));
    try {
      const up = cli('up');
      expect(up.status).not.toBe(0);
      expect(up.stderr).toContain(`port 127.0.0.1:${submission} (Postfix) is already in use`);
      nothingRunning();
    } finally {
      await new Promise((r) => holder.close(r));
    }
  });

  it('stops what it started when a later service fails (DNS port held)', { timeout: 180_000 }, async () => {
    // Held for UDP only: the TCP check passes, Dovecot and Postfix start, then the DNS server cannot bind.
    const udp = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(10053 + OFFSET, '127.0.0.1', resolve);
    });
    try {
      const up = cli('up');
      expect(up.status).not.toBe(0);
      expect(up.stderr).toMatch(/DNS server not listening/);
      nothingRunning();
    } finally {
      udp.close();
    }
  });
});
