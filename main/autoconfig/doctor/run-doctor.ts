// Doctor: discovery, then real checks of every endpoint the configuration names.
import { discover } from '../discover';
import { isAutoconfigError } from '../errors';
import type { DiscoveryOptions } from '../types';
import { probeImap } from './imap-probe';
import { probePsc, probeWeb } from './psc-probe';
import type { DoctorReport, EndpointReport } from './report-types';
import { probeSmtp } from './smtp-probe';

export async function runDoctor(address: string, opts: DiscoveryOptions): Promise<DoctorReport> {
  const report: DoctorReport = { address, date: new Date().toISOString(), endpoints: [], ok: false };
  try {
    report.discovery = await discover(address, opts);
  } catch (e) {
    report.discoveryError = isAutoconfigError(e)
      ? { code: e.code, message: e.message, tried: e.details?.tried }
      : { code: 'internal', message: `Erreur inattendue : ${(e as Error).message}` };
    return report;
  }
  const c = report.discovery.config;
  const net = { ...opts, signal: opts.signal };
  const probes: Array<Promise<EndpointReport>> = [probeImap(c.imap, net), probeSmtp(c.smtp, net)];
  if (c.certificateAuth) probes.push(probeImap(c.certificateAuth, net, 'imap-certificate'));
  if (c.psc) probes.push(probePsc(c.psc, net));
  if (c.cguUrl) probes.push(probeWeb(c.cguUrl, "Conditions d'utilisation (CGU)", net, false));
  if (c.balListingUrl) probes.push(probeWeb(c.balListingUrl, 'Liste des BAL', net, true));
  report.endpoints = await Promise.all(probes);
  report.ok = report.endpoints.every((e) => e.checks.every((k) => k.status !== 'fail'));
  return report;
}
