// The doctor against the sandbox operator: real TCP, STARTTLS, certificates, SASL, PSC discovery.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BALS, DOMAIN, PATHS, PORTS, REPO_ROOT } from '../../../sandbox/config';
import { runDoctor } from '../../../main/autoconfig/doctor/run-doctor';
import { formatReport } from '../../../main/autoconfig/doctor/format-report';
import type { DoctorReport } from '../../../main/autoconfig/doctor/report-types';
import { AUTOCONFIG_URL, sandboxOptions } from './helpers';

const BAL = BALS[0]!.address;
const check = (r: DoctorReport, kind: string, id: string) => r.endpoints.find((e) => e.kind === kind)?.checks.find((c) => c.id === id);

describe('doctor against the sandbox', () => {
  it('checks every endpoint for real and finds them healthy', async () => {
    const r = await runDoctor(BAL, sandboxOptions({ explicitUrl: AUTOCONFIG_URL }));
    expect(r.discoveryError).toBeUndefined();
    const failed = r.endpoints.flatMap((e) => e.checks.filter((c) => c.status === 'fail').map((c) => `${e.target} ${c.label}: ${c.detail}`));
    expect(failed).toEqual([]);
    expect(r.ok).toBe(true);
    const imap = r.endpoints.find((e) => e.kind === 'imap')!;
    expect(imap.target).toBe(`localhost:${PORTS.imap}`);
    expect(imap.mechanisms).toContain('XOAUTH2');
    expect(['TLSv1.2', 'TLSv1.3']).toContain(imap.tls?.protocol);
    expect(check(r, 'imap', 'starttls-offered')?.status).toBe('ok');
    expect(check(r, 'smtp', 'starttls-offered')?.status).toBe('ok');
    expect(r.endpoints.find((e) => e.kind === 'smtp')!.mechanisms).toContain('XOAUTH2');
    expect(check(r, 'imap', 'tls-chain')?.status).toBe('ok');
    expect(check(r, 'imap', 'tls-expiry')?.status).toBe('ok');
    expect(check(r, 'psc', 'psc-reachable')?.status).toBe('ok');
    expect(r.endpoints.find((e) => e.kind === 'imap-certificate')).toBeDefined();
    const text = formatReport(r);
    expect(text).toContain('Diagnostic MSSanté');
    expect(text).toContain('Résultat : tout est en ordre.');
  });

  it('reports an untrusted certificate chain without the sandbox CA', async () => {
    const r = await runDoctor(BAL, sandboxOptions({ explicitUrl: AUTOCONFIG_URL, extraCa: [] }));
    expect(r.ok).toBe(false);
    if (r.discovery) {
      const imap = r.endpoints.find((e) => e.kind === 'imap')!;
      expect(imap.checks.find((c) => c.status === 'fail')?.detail).toMatch(/autorité|certificat/);
    } else {
      expect(r.discoveryError?.code).toBe('no-config-found');
    }
  });

  it('runs as `npm run doctor -- <address> --json` with the sandbox flags', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--import', 'tsx', 'main/autoconfig/doctor-cli.ts', BAL, '--json', '--test-mode', '--ca', PATHS.caCert,
        '--dns', `127.0.0.1:${PORTS.dns}`, '--map', `autoconfig.${DOMAIN}=${PORTS.web}`, '--map', `${DOMAIN}=${PORTS.web}`,
        '--trust-list-url', 'https://localhost:9/listeblanchemssante.xml',
      ],
      { cwd: REPO_ROOT, timeout: 60_000 },
    );
    const report = JSON.parse(stdout) as DoctorReport;
    expect(report.discovery?.source).toBe('autoconfig-subdomain');
    expect(report.ok).toBe(true);
    expect(report.discovery?.warnings.map((w) => w.code)).toContain('trust-list-stale');
  });

  it('exits non-zero with a French message when nothing is found', async () => {
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'main/autoconfig/doctor-cli.ts', 'x@absent.invalid', '--test-mode', '--dns', `127.0.0.1:${PORTS.dns}`, '--timeout', '2000', '--trust-list-url', 'https://localhost:9/x.xml'], { cwd: REPO_ROOT, timeout: 60_000 });
    await expect(run).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining('Aucune configuration') });
  });
});
