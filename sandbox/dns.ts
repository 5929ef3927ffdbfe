// Tiny authoritative DNS server (UDP + TCP) for the sandbox domain: SRV records of RFC 6186 / RFC 8314
// (_imap, _imaps, _submission, _submissions) and A records test.mssante.fr / *.test.mssante.fr → 127.0.0.1.
// Everything else: NXDOMAIN. Run standalone: `npx tsx sandbox/dns.ts` (PORTS.dns), or startDnsServer().
import dgram from 'node:dgram';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import dnsPacket from 'dns-packet';
import type { Answer, Packet, Question } from 'dns-packet';
import { DOMAIN, HOST, PORTS } from './config';

const TTL = 60;

export const SRV_RECORDS: Record<string, { target: string; port: number }> = {
  [`_imap._tcp.${DOMAIN}`]: { target: `imap.${DOMAIN}`, port: PORTS.imap },
  [`_imaps._tcp.${DOMAIN}`]: { target: `imap.${DOMAIN}`, port: PORTS.imaps },
  [`_submission._tcp.${DOMAIN}`]: { target: `smtp.${DOMAIN}`, port: PORTS.submission },
  [`_submissions._tcp.${DOMAIN}`]: { target: `smtp.${DOMAIN}`, port: PORTS.submissions },
};

function isHostName(name: string): boolean {
  if (name === DOMAIN) return true;
  if (!name.endsWith(`.${DOMAIN}`)) return false;
  const labels = name.slice(0, -DOMAIN.length - 1).split('.');
  return labels.every((l) => /^[a-z0-9*]([a-z0-9-]*[a-z0-9])?$/.test(l));
}

function answer(q: Question): { answers: Answer[]; nx: boolean } {
  const type = q.type as string;
  const name = q.name.toLowerCase().replace(/\.$/, '');
  const srv = SRV_RECORDS[name];
  if (srv) {
    if (type === 'SRV' || type === 'ANY') {
      return { answers: [{ type: 'SRV', name: q.name, ttl: TTL, class: 'IN', data: { priority: 0, weight: 1, port: srv.port, target: srv.target } }], nx: false };
    }
    return { answers: [], nx: false };
  }
  if (isHostName(name)) {
    if (type === 'A' || type === 'ANY') return { answers: [{ type: 'A', name: q.name, ttl: TTL, class: 'IN', data: HOST }], nx: false };
    return { answers: [], nx: false }; // NODATA (e.g. AAAA)
  }
  return { answers: [], nx: true };
}

export function respond(query: Buffer): Buffer | null {
  let req: Packet;
  try {
    req = dnsPacket.decode(query);
  } catch {
    return null;
  }
  const questions = req.questions ?? [];
  const answers: Answer[] = [];
  let nx = questions.length === 0;
  for (const q of questions) {
    const r = answer(q);
    answers.push(...r.answers);
    nx = nx || r.nx;
  }
  // dns-packet encodes the rcode in the low bits of flags
  const flags = dnsPacket.AUTHORITATIVE_ANSWER | ((req.flags ?? 0) & dnsPacket.RECURSION_DESIRED) | (nx ? 3 : 0);
  return dnsPacket.encode({ type: 'response', id: req.id ?? 0, flags, questions, answers: nx ? [] : answers });
}

export interface DnsServer {
  port: number;
  close(): Promise<void>;
}

export async function startDnsServer(port: number = PORTS.dns, host = HOST): Promise<DnsServer> {
  const udp = dgram.createSocket('udp4');
  udp.on('message', (msg, rinfo) => {
    const out = respond(msg);
    if (out) udp.send(out, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(port, host, () => resolve());
  });
  const tcp = net.createServer((sock) => {
    let buf = Buffer.alloc(0);
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 2) {
        const len = buf.readUInt16BE(0);
        if (buf.length < 2 + len) break;
        const out = respond(buf.subarray(2, 2 + len));
        buf = buf.subarray(2 + len);
        if (out) {
          const head = Buffer.alloc(2);
          head.writeUInt16BE(out.length);
          sock.write(Buffer.concat([head, out]));
        }
      }
    });
    sock.on('error', () => sock.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(port, host, () => resolve());
  });
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        udp.close();
        tcp.close(() => resolve());
      }),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  startDnsServer()
    .then((s) => {
      console.log(JSON.stringify({ ready: true, pid: process.pid, dns: `${HOST}:${s.port}` }));
      const stop = () => s.close().then(() => process.exit(0));
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    })
    .catch((e: Error) => {
      console.error(`dns server failed: ${e.message}`);
      process.exit(1);
    });
}
