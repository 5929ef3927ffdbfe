// IMAP probe: greeting, CAPABILITY, STARTTLS (or implicit TLS), CAPABILITY again → SASL mechanisms.
import type net from 'node:net';
import type { NetOptions, Security } from '../types';
import type { Check, EndpointReport } from './report-types';
import { tlsChecks } from './tls-checks';
import { explainNetError, openTcp, readUntil, send, startTls, tlsInfo } from './wire';

const tagged = (tag: string) => (lines: string[]) => lines.some((l) => l.startsWith(`${tag} `));

function capabilities(lines: string[]): string[] {
  const caps: string[] = [];
  for (const l of lines) {
    const m = /^\* CAPABILITY (.*)$/i.exec(l) ?? /^\* OK \[CAPABILITY ([^\]]*)\]/i.exec(l);
    if (m) caps.push(...m[1]!.trim().split(/\s+/));
  }
  return caps.map((c) => c.toUpperCase());
}

export interface ServerTarget {
  host: string;
  port: number;
  security: Security;
}

export async function probeImap(t: ServerTarget, opts: NetOptions, kind: 'imap' | 'imap-certificate' = 'imap'): Promise<EndpointReport> {
  const target = `${t.host}:${t.port}`;
  const report: EndpointReport = { kind, target, checks: [] };
  const add = (c: Check) => report.checks.push(c);
  const timeout = opts.timeoutMs ?? 8000;
  let sock: net.Socket | undefined;
  try {
    const tcp = await openTcp(t.host, t.port, opts);
    sock = tcp.socket;
    add({ id: 'tcp', label: 'Connexion TCP', status: 'ok', detail: `${target} joint (${tcp.address})` });
    if (t.security === 'tls') {
      sock = await startTls(sock, t.host, opts);
      report.tls = tlsInfo(sock as import('node:tls').TLSSocket);
      report.checks.push(...tlsChecks(report.tls));
    }
    const greeting = await readUntil(sock, (l) => l.length > 0, timeout);
    if (!/^\* (OK|PREAUTH)/i.test(greeting[0] ?? '')) throw new Error(`accueil IMAP inattendu`);
    if (t.security === 'starttls') {
      send(sock, 'a1 CAPABILITY');
      const before = capabilities(await readUntil(sock, tagged('a1'), timeout));
      add({
        id: 'starttls-offered', label: 'STARTTLS annoncé', status: before.includes('STARTTLS') ? 'ok' : 'fail',
        detail: before.includes('STARTTLS') ? 'le serveur propose STARTTLS' : "le serveur n'annonce pas STARTTLS",
      });
      const plainAuth = before.filter((c) => c.startsWith('AUTH='));
      if (plainAuth.length && !before.includes('LOGINDISABLED')) {
        add({ id: 'auth-before-tls', label: 'Authentification avant TLS', status: 'warn', detail: `mécanismes proposés avant chiffrement : ${plainAuth.join(' ')}` });
      }
      send(sock, 'a2 STARTTLS');
      const res = await readUntil(sock, tagged('a2'), timeout);
      if (!/^a2 OK/i.test(res[res.length - 1] ?? '')) throw new Error('STARTTLS refusé par le serveur');
      sock = await startTls(sock, t.host, opts);
      report.tls = tlsInfo(sock as import('node:tls').TLSSocket);
      report.checks.push(...tlsChecks(report.tls));
    }
    send(sock, 'a3 CAPABILITY');
    const caps = capabilities(await readUntil(sock, tagged('a3'), timeout));
    report.mechanisms = caps.filter((c) => c.startsWith('AUTH=')).map((c) => c.slice(5));
    const wanted = kind === 'imap-certificate' ? 'EXTERNAL' : 'XOAUTH2';
    add({
      id: 'sasl', label: 'Mécanismes SASL (après TLS)', status: report.mechanisms.includes(wanted) ? 'ok' : 'fail',
      detail: `${report.mechanisms.join(', ') || 'aucun'} ; attendu : ${wanted}`,
    });
    send(sock, 'a4 LOGOUT');
    await readUntil(sock, tagged('a4'), timeout).catch(() => undefined);
  } catch (e) {
    const code = String((e as NodeJS.ErrnoException)?.code ?? '');
    if (kind === 'imap-certificate' && report.tls && /CERTIFICATE_REQUIRED|HANDSHAKE_FAILURE|ECONNRESET|network-error/.test(code)) {
      add({ id: 'client-cert', label: 'Certificat client', status: 'ok', detail: 'le serveur exige un certificat client (normal : ce diagnostic n\'en présente pas) ; mécanismes SASL non vérifiés' });
    } else add({ id: 'connection', label: 'Connexion', status: 'fail', detail: explainNetError(e, `IMAP ${target}`) });
  } finally {
    sock?.destroy();
  }
  return report;
}
