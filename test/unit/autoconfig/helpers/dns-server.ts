// Real UDP DNS server on 127.0.0.1 (dns-packet) answering SRV and A records from a table.
import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import * as dnsPacket from 'dns-packet';

export interface DnsTable {
  srv?: Record<string, Array<{ priority: number; weight: number; port: number; target: string }>>;
  a?: Record<string, string[]>;
}

export interface TestDnsServer {
  server: string; // "127.0.0.1:port"
  queries: string[];
  close(): Promise<void>;
}

export async function startDnsServer(table: DnsTable): Promise<TestDnsServer> {
  const sock = dgram.createSocket('udp4');
  const queries: string[] = [];
  sock.on('message', (msg, rinfo) => {
    let q: dnsPacket.Packet;
    try {
      q = dnsPacket.decode(msg);
    } catch {
      return;
    }
    const question = q.questions?.[0];
    if (!question) return;
    const name = question.name.toLowerCase();
    queries.push(`${question.type} ${name}`);
    const answers: dnsPacket.Answer[] = [];
    if (question.type === 'SRV') {
      for (const r of table.srv?.[name] ?? []) answers.push({ type: 'SRV', name, ttl: 60, class: 'IN', data: { priority: r.priority, weight: r.weight, port: r.port, target: r.target } });
    } else if (question.type === 'A') {
      for (const ip of table.a?.[name] ?? []) answers.push({ type: 'A', name, ttl: 60, class: 'IN', data: ip });
    }
    const known = !!(table.srv?.[name] || table.a?.[name]);
    const res = dnsPacket.encode({
      type: 'response', id: q.id, flags: dnsPacket.AUTHORITATIVE_ANSWER | (known ? 0 : 3), questions: q.questions, answers,
    });
    sock.send(res, rinfo.port, rinfo.address);
  });
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
  return {
    server: `127.0.0.1:${(sock.address() as AddressInfo).port}`,
    queries,
    close: () => new Promise<void>((r) => sock.close(() => r())),
  };
}
