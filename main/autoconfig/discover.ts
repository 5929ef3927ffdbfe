// Discovery: all sources start at once; the highest-priority source that answers validly wins
// (a faster lower-priority answer waits for the higher ones to fail). Each source has its own timeout.
import { AutoconfigError, toAutoconfigError } from './errors';
import { outsideHosts, outsideHostsWarning } from './host-policy';
import { loadKnownOperators } from './known-operators';
import { parseAddress } from './policy';
import { resolveHost } from './resolve';
import { SOURCES_IN_ORDER, type Source, type SourceAnswer } from './sources';
import { isDomainTrusted, loadOfficialTrustList } from './trust-list';
import { DEFAULT_TIMEOUT_MS, type DiscoveryOptions, type DiscoveryResult, type TriedSource, type Warning } from './types';

interface Running {
  source: Source;
  url?: string;
  controller: AbortController;
  promise: Promise<{ ok: true; answer: SourceAnswer } | { ok: false; error: AutoconfigError }>;
}

function outcomeOf(e: AutoconfigError): TriedSource['outcome'] {
  if (e.code === 'timeout') return 'timeout';
  if (e.code === 'not-applicable' || e.code === 'aborted') return 'skipped';
  return 'error';
}

/** Outside test mode, a configuration whose servers resolve to private/loopback addresses is refused. */
async function checkHosts(answer: SourceAnswer, opts: DiscoveryOptions): Promise<SourceAnswer> {
  if (opts.testMode) return answer;
  const c = answer.config;
  const hosts = [...new Set([c.imap.host, c.smtp.host, c.certificateAuth?.host].filter((h): h is string => !!h))];
  await Promise.all(hosts.map((h) => resolveHost(h, opts).catch((e: unknown) => {
    // Unresolvable now is not a policy failure: the connection will report it.
    if (e instanceof AutoconfigError && e.code === 'private-address') throw e;
  })));
  return answer;
}

export async function discover(addressInput: string, options: DiscoveryOptions, sources: Source[] = SOURCES_IN_ORDER): Promise<DiscoveryResult> {
  const address = parseAddress(addressInput);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const knownOperators = options.knownOperators ?? loadKnownOperators();
  const trustList = options.trustList ?? loadOfficialTrustList();
  if (options.signal?.aborted) throw new AutoconfigError('aborted', 'Recherche de configuration annulée.');

  const running: Running[] = sources.map((source) => {
    const controller = new AbortController();
    const signals = [controller.signal, AbortSignal.timeout(timeoutMs)];
    if (options.signal) signals.push(options.signal);
    const opts = { ...options, timeoutMs, signal: AbortSignal.any(signals) };
    const ctx = { address, opts, knownOperators };
    const url = source.url?.(ctx);
    options.onProgress?.({ source: source.id, state: 'started' });
    const timedOut = new Promise<never>((_, reject) =>
      opts.signal.addEventListener('abort', () => reject(opts.signal.reason), { once: true }),
    );
    const promise = Promise.race([source.run(ctx).then((answer) => checkHosts(answer, opts)), timedOut]).then(
      (answer) => ({ ok: true as const, answer }),
      (e: unknown) => ({ ok: false as const, error: toAutoconfigError(e, `Source ${source.id}`) }),
    );
    return { source, url, controller, promise };
  });

  const tried: TriedSource[] = [];
  let winner: { source: Source; answer: SourceAnswer } | undefined;
  for (const r of running) {
    if (winner) {
      r.controller.abort();
      tried.push({ source: r.source.id, url: r.url, outcome: 'skipped', message: 'Une source prioritaire a répondu.' });
      options.onProgress?.({ source: r.source.id, state: 'skipped' });
      continue;
    }
    const res = await r.promise;
    if (res.ok) {
      winner = { source: r.source, answer: res.answer };
      tried.push({ source: r.source.id, url: res.answer.url ?? r.url, outcome: 'ok' });
      options.onProgress?.({ source: r.source.id, state: 'ok' });
    } else {
      const outcome = options.signal?.aborted ? 'skipped' : outcomeOf(res.error);
      tried.push({ source: r.source.id, url: r.url, outcome, message: res.error.message, code: res.error.code });
      options.onProgress?.({ source: r.source.id, state: outcome, message: res.error.message });
    }
  }
  if (options.signal?.aborted) throw new AutoconfigError('aborted', 'Recherche de configuration annulée.');
  if (!winner) {
    throw new AutoconfigError(
      'no-config-found',
      `Aucune configuration n'a été trouvée pour ${address.address}. Vérifiez l'adresse, ou demandez à votre opérateur ou à votre prestataire informatique l'adresse de configuration automatique (https) puis collez-la.`,
      { tried },
    );
  }

  const warnings: Warning[] = [];
  const explicit = tried.find((t) => t.source === 'explicit-url');
  if (explicit && explicit.outcome !== 'ok' && explicit.outcome !== 'skipped') {
    warnings.push({ code: 'explicit-url-failed', message: `L'adresse de configuration fournie n'a pas pu être utilisée (${explicit.message}) : une autre source a été retenue.` });
  }
  warnings.push(...winner.answer.warnings);
  const trusted = isDomainTrusted(address.domain, trustList, options.testMode);
  if (!trusted) {
    warnings.unshift({
      code: 'untrusted-domain',
      message: `Le domaine ${address.domain} ne figure pas dans la liste de confiance MSSanté. Ce n'est peut-être pas une messagerie de santé sécurisée : ne continuez que si votre opérateur vous l'a confirmé.`,
    });
  }
  // One host policy whatever the source: servers outside the BAL's domain are named and must be confirmed.
  const outside = outsideHosts(winner.answer.config, { testMode: options.testMode, knownOperators });
  if (outside.length) warnings.unshift(outsideHostsWarning(outside, address.domain));
  return { source: winner.source.id, url: winner.answer.url, tried, config: winner.answer.config, warnings, trusted, outsideHosts: outside };
}
