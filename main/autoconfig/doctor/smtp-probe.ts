// SMTP submission probe: greeting, EHLO, STARTTLS (or implicit TLS), EHLO again → AUTH mechanisms.
import type net from 'node:net';
import type tls from 'node:tls';
import type { NetOptions } from '../types';
import type { ServerTarget } from './imap-probe';
import type { Check, EndpointReport } from './report-types';
import { tlsChecks } from './tls-checks';
import { explainNetError, openTcp, readUntil, send, startTls, tlsInfo } from './wire';

/** A complete (possibly multi-line) reply: last line is "NNN text" or "NNN". */
const reply = (lines: string[]) => /^\d{3}(?: |$)/.test(lines[lines.length - 1] ?? '');
const code = (lines: string[]) => Number((lines[lines.length - 1] ?? '').slice(0, 3));

function ehloKeywords(lines: string[]): string[] {
  return lines.slice(1).map((l) => l.slice(4).trim().toUpperCase());
}

export async function probeSmtp(t: ServerTarget, opts: NetOptions): Promise<EndpointReport> {
  const target = `${t.host}:${t.port}`;
  const report: EndpointReport = { kind: 'smtp', target, checks: [] };
  const add = (c: Check) => report.checks.push(c);
  const timeout = opts.timeoutMs ?? 8000;
  let sock: net.Socket | undefined;
  try {
    const tcp = await openTcp(t.host, t.port, opts);
    sock = tcp.socket;
    add({ id: 'tcp', label: 'Connexion TCP', status: 'ok', detail: `${target} joint (${tcp.address})` });
    if (t.security === 'tls') {
      sock = await startTls(sock, t.host, opts);
      report.tls = tlsInfo(sock as tls.TLSSocket);
      report.checks.push(...tlsChecks(report.tls));
    }
    const greeting = await readUntil(sock, reply, timeout);
    if (code(greeting) !== 220) throw new Error(`accueil SMTP inattendu (${code(greeting)})`);
    send(sock, 'EHLO diagnostic.invalid');
    let ehlo = await readUntil(sock, reply, timeout);
    if (code(ehlo) !== 250) throw new Error(`EHLO refusé (${code(ehlo)})`);
    if (t.security === 'starttls') {
      const kw = ehloKeywords(ehlo);
      add({
        id: 'starttls-offered', label: 'STARTTLS annoncé', status: kw.includes('STARTTLS') ? 'ok' : 'fail',
        detail: kw.includes('STARTTLS') ? 'le serveur propose STARTTLS' : "le serveur n'annonce pas STARTTLS",
      });
      const authBefore = kw.find((k) => k.startsWith('AUTH'));
      if (authBefore) add({ id: 'auth-before-tls', label: 'Authentification avant TLS', status: 'warn', detail: `proposée avant chiffrement : ${authBefore}` });
      send(sock, 'STARTTLS');
      const r = await readUntil(sock, reply, timeout);
      if (code(r) !== 220) throw new Error(`STARTTLS refusé par le serveur (${code(r)})`);
      sock = await startTls(sock, t.host, opts);
      report.tls = tlsInfo(sock as tls.TLSSocket);
      report.checks.push(...tlsChecks(report.tls));
      send(sock, 'EHLO diagnostic.invalid');
      ehlo = await readUntil(sock, reply, timeout);
      if (code(ehlo) !== 250) throw new Error(`EHLO refusé après STARTTLS (${code(ehlo)})`);
    }
    const auth = ehloKeywords(ehlo).find((k) => /^AUTH[ =]/.test(k));
    report.mechanisms = auth ? auth.slice(5).split(/\s+/).filter(Boolean) : [];
    add({
      id: 'sasl', label: 'Mécanismes SASL (après TLS)', status: report.mechanisms.includes('XOAUTH2') ? 'ok' : 'fail',
      detail: `${report.mechanisms.join(', ') || 'aucun'} ; attendu : XOAUTH2`,
    });
    send(sock, 'QUIT');
    await readUntil(sock, reply, timeout).catch(() => undefined);
  } catch (e) {
    add({ id: 'connection', label: 'Connexion', status: 'fail', detail: explainNetError(e, `SMTP ${target}`) });
  } finally {
    sock?.destroy();
  }
  return report;
}
