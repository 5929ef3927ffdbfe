// Pro Santé Connect discovery: both .well-known names (PSC uses wallet-openid-configuration).
import { fetchHttps } from '../fetch-https';
import { standardDiscoveryUrl, walletDiscoveryUrl } from '../psc-defaults';
import type { NetOptions, PscConfig } from '../types';
import type { Check, EndpointReport } from './report-types';
import { explainNetError } from './wire';

export async function probePsc(psc: PscConfig, opts: NetOptions): Promise<EndpointReport> {
  const report: EndpointReport = { kind: 'psc', target: psc.issuer, checks: [] };
  const urls = [...new Set([psc.discoveryUrl ?? walletDiscoveryUrl(psc.issuer), walletDiscoveryUrl(psc.issuer), standardDiscoveryUrl(psc.issuer)])];
  let anyOk = false;
  for (const url of urls) {
    const name = url.slice(url.indexOf('/.well-known/') + 1);
    try {
      const res = await fetchHttps(url, opts, { accept: 'application/json', what: 'Découverte Pro Santé Connect', maxBytes: 512 * 1024 });
      const doc = JSON.parse(res.body.toString('utf8')) as Record<string, unknown>;
      const issuerOk = String(doc.issuer ?? '').replace(/\/+$/, '') === psc.issuer.replace(/\/+$/, '');
      const needsCiba = psc.flows.some((f) => f.startsWith('ciba'));
      const problems = [
        !issuerOk && `émetteur annoncé « ${String(doc.issuer ?? '')} » différent`,
        !doc.token_endpoint && 'token_endpoint absent',
        needsCiba && !doc.backchannel_authentication_endpoint && 'backchannel_authentication_endpoint absent (CIBA)',
      ].filter((x): x is string => !!x);
      anyOk ||= issuerOk;
      report.checks.push({
        id: `psc-${name}`, label: `Découverte ${name}`, status: problems.length ? 'warn' : 'ok',
        detail: problems.length ? problems.join(' ; ') : 'document lu, émetteur et points d\'accès présents',
      });
    } catch (e) {
      report.checks.push({ id: `psc-${name}`, label: `Découverte ${name}`, status: 'warn', detail: explainNetError(e, url) });
    }
  }
  const summary: Check = anyOk
    ? { id: 'psc-reachable', label: 'Pro Santé Connect joignable', status: 'ok', detail: psc.issuer }
    : { id: 'psc-reachable', label: 'Pro Santé Connect joignable', status: 'fail', detail: `aucun document de découverte valide pour ${psc.issuer}` };
  report.checks.unshift(summary);
  return report;
}

/** Operator web pages named in the configuration (CGU, BAL listing: 401 without a token is expected). */
export async function probeWeb(url: string, label: string, opts: NetOptions, expectAuth: boolean): Promise<EndpointReport> {
  const report: EndpointReport = { kind: 'web', target: url, checks: [] };
  try {
    await fetchHttps(url, opts, { accept: '*/*', what: label, maxBytes: 2 * 1024 * 1024 });
    report.checks.push({ id: 'web', label, status: 'ok', detail: 'joignable (HTTP 200)' });
  } catch (e) {
    const status = (e as { details?: { status?: number } }).details?.status;
    if (expectAuth && status === 401) report.checks.push({ id: 'web', label, status: 'ok', detail: 'joignable (HTTP 401 sans jeton : normal)' });
    else report.checks.push({ id: 'web', label, status: 'warn', detail: explainNetError(e, url) });
  }
  return report;
}
