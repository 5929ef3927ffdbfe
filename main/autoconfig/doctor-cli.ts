// npm run doctor -- <address> [--url <autoconfig url>] [--json] [--ca <file>]... [--test-mode] [--dns <ip:port>]... [--map host=port]...
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { formatReport } from './doctor/format-report';
import { printAndExit } from './doctor/output';
import { runDoctor } from './doctor/run-doctor';
import { loadOfficialTrustList, refreshTrustList } from './trust-list';
import type { DiscoveryOptions } from './types';

const USAGE = `Utilisation : npm run doctor -- <adresse BAL> [--url <adresse de configuration https>] [--json]
  [--ca <fichier PEM>] (autorités supplémentaires)  [--test-mode] (autorise les adresses locales)
  [--dns <ip:port>] (serveur DNS pour SRV et A)  [--map <hôte>=<port>] (mode test : hôte https servi sur un port local)
  [--timeout <ms>]  [--trust-list-url <url>] (mise à jour de la liste de confiance)`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        url: { type: 'string' }, json: { type: 'boolean' }, ca: { type: 'string', multiple: true },
        'test-mode': { type: 'boolean' }, dns: { type: 'string', multiple: true }, map: { type: 'string', multiple: true },
        timeout: { type: 'string' }, 'trust-list-url': { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values: v, positionals } = args;
  if (v.help || positionals.length !== 1) {
    console.error(USAGE);
    return v.help ? 0 : 2;
  }
  const hostPortMap: Record<string, number> = {};
  for (const m of v.map ?? []) {
    const [h, p] = m.split('=');
    if (!h || !p || !/^\d+$/.test(p)) {
      console.error(`--map attend <hôte>=<port> (reçu « ${m} »)`);
      return 2;
    }
    hostPortMap[h.toLowerCase()] = Number(p);
  }
  let extraCa: Buffer[] | undefined;
  try {
    extraCa = v.ca?.map((f) => fs.readFileSync(f));
  } catch (e) {
    console.error(`Impossible de lire le fichier d'autorité (--ca) : ${(e as Error).message}`);
    return 2;
  }
  const opts: DiscoveryOptions = {
    testMode: !!v['test-mode'], extraCa, dnsServers: v.dns, hostPortMap, explicitUrl: v.url,
    timeoutMs: v.timeout ? Number(v.timeout) : undefined,
  };
  const refreshed = await refreshTrustList({ ...opts, url: v['trust-list-url'], timeoutMs: 3000, fallback: loadOfficialTrustList() });
  opts.trustList = refreshed.list;
  const report = await runDoctor(positionals[0]!, opts);
  if (refreshed.warning && report.discovery) report.discovery.warnings.push(refreshed.warning);
  printAndExit(v.json ? JSON.stringify(report, null, 2) : formatReport(report), report.ok ? 0 : 1);
  return new Promise<number>(() => undefined); // exits once stdout has drained
}

main().then((code) => process.exit(code), (e) => {
  console.error(`Erreur inattendue : ${(e as Error).message}`);
  process.exit(3);
});
