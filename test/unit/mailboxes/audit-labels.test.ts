// Every action the trail can hold is shown in words, in French and English (never the internal code).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditEn, auditFr } from '../../../renderer/src/features/mailboxes/i18n';

/** Action names written by main: the two union types, and the literal actions of the send and archive code. */
function actionsWrittenByMain(): string[] {
  const read = (f: string) => fs.readFileSync(path.resolve(f), 'utf8');
  const union = (src: string, name: string) => {
    const m = new RegExp(`type ${name} =([^;]+);`).exec(src);
    if (!m) throw new Error(`${name} not found`);
    return [...m[1]!.matchAll(/'([a-z.-]+)'/g)].map((x) => x[1]!);
  };
  const literals = (f: string) => [...read(f).matchAll(/action: (?:meta\.kind === 'mdn' \? )?'([a-z.-]+)'(?: : '([a-z.-]+)')?/g)].flatMap((x) => [x[1]!, ...(x[2] ? [x[2]] : [])]);
  const archiveCalls = [...read('main/app/archive-handlers.ts').matchAll(/audit\(bal, '([a-z.-]+)'/g)].map((x) => x[1]!);
  return [
    ...union(read('main/auth/audit-events.ts'), 'AuditAction'),
    ...union(read('main/audit/audit-trail.ts'), 'MailAuditAction'),
    ...literals('main/send/outbox-sender.ts'),
    ...literals('main/send/outbox-service.ts'),
    ...literals('main/sync/archive-queries.ts'),
    ...archiveCalls,
  ];
}

describe('audit action labels', () => {
  it('labels every action main writes, in both languages', () => {
    const actions = [...new Set(actionsWrittenByMain())];
    expect(actions).toEqual(expect.arrayContaining(['login', 'lock', 'logout', 'message.send', 'send.queue', 'send', 'mdn.send', 'archive', 'export']));
    for (const a of actions) {
      expect(auditFr.actions[a], `fr label of ${a}`).toBeTruthy();
      expect((auditEn.actions as Record<string, string>)[a], `en label of ${a}`).toBeTruthy();
      expect(auditFr.actions[a]).not.toBe(a);
    }
  });

  it('labels every way a session event happens (the item of a session row)', () => {
    const src = fs.readFileSync(path.resolve('main/auth/audit-events.ts'), 'utf8');
    const methods = [.../type AuditMethod =([^;]+);/.exec(src)![1]!.matchAll(/'([a-z-]+)'/g)].map((x) => x[1]!);
    expect(methods).toEqual(expect.arrayContaining(['ciba-mobile', 'user', 'system', 'local']));
    for (const m of methods) {
      expect(auditFr.methods[m], `fr label of ${m}`).toBeTruthy();
      expect((auditEn.methods as Record<string, string>)[m], `en label of ${m}`).toBeTruthy();
    }
  });
});
