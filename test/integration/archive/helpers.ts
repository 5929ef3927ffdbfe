// Helpers of the archive integration tests: the lab BAL (logiciel.labo@) of the sandbox, a dedicated folder
// per test (created and deleted by the test), messages with attachments, a step-by-step sync context.
import crypto from 'node:crypto';
import type { ImapFlow } from 'imapflow';
import { BALS } from '../../../sandbox/config';
import { plainImapClient } from '../../../sandbox/control';
import { SyncQueries } from '../../../main/store/sync-queries';
import type { StoreWriter } from '../../../main/store/writer';
import { buildClient } from '../../../main/sync/connection';
import type { SyncContext } from '../../../main/sync/context';
import { resolveOptions } from '../../../main/sync/engine';
import type { CredentialsProvider, EngineAccount, EngineEvent } from '../../../main/sync/types';
import { imapConfig } from '../sync/helpers';

export const LAB = BALS.find((b) => b.address.startsWith('logiciel.labo@'))!;
export const ACTOR = { idNat: '810001234567', name: 'Alice MARTIN' };

export const labCredentials: CredentialsProvider = async () => ({ user: LAB.address, auth: { kind: 'password', pass: LAB.password } });

export function labAccount(folder: string): EngineAccount {
  return { address: LAB.address, type: 'APP', label: 'labo', imap: imapConfig(), onlyFolders: [folder] };
}

export function archiveFolder(tag: string): string {
  return `archtest-${tag}-${Date.now().toString(36)}${crypto.randomBytes(2).toString('hex')}`;
}

/** Retried a few times: another suite may be restarting the sandbox Dovecot. */
export async function labClient(): Promise<ImapFlow> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await plainImapClient(LAB.address);
    } catch (err) {
      if (attempt >= 10) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** A lab result: text, a PDF attachment (random bytes, so it cannot be deduplicated by chance), From_ lines. */
export function labMessage(i: number, folder: string, o: { date?: Date; pdfBytes?: number } = {}): Buffer {
  const date = (o.date ?? new Date(Date.UTC(2026, 0, 1) + i * 60_000)).toUTCString();
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), crypto.randomBytes(o.pdfBytes ?? 3000)]);
  const b = `arch${i}`;
  return Buffer.from(
    `From: Laboratoire <logiciel.labo@test.mssante.fr>\r\nTo: ${LAB.address}\r\nSubject: Résultat ${i} archivetoken${i}\r\n` +
    `Message-ID: <a${i}.${folder}@test.mssante.fr>\r\nDate: ${date}\r\nMIME-Version: 1.0\r\n` +
    `Content-Type: multipart/mixed; boundary="${b}"\r\n\r\n--${b}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n` +
    `Compte rendu ${i} quarzitique.\r\nFrom the lab, a line an mbox must quote.\r\n>From an already quoted line.\r\n` +
    `--${b}\r\nContent-Type: application/pdf; name="cr${i}.pdf"\r\nContent-Disposition: attachment; filename="cr${i}.pdf"\r\n` +
    `Content-Transfer-Encoding: base64\r\n\r\n${pdf.toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n--${b}--\r\n`,
  );
}

/** The server's bytes of every message of a folder, by Message-ID (fresh SELECT: no cached state). */
export async function serverSources(c: ImapFlow, folder: string): Promise<Map<string, Buffer>> {
  if (c.mailbox) await c.mailboxClose();
  await c.mailboxOpen(folder);
  const out = new Map<string, Buffer>();
  const uids = await c.search({ all: true }, { uid: true });
  if (!Array.isArray(uids)) throw new Error('UID SEARCH failed');
  if (uids.length === 0) return out;
  for (const m of await c.fetchAll(uids.join(','), { uid: true, source: true, envelope: true }, { uid: true })) {
    if (m.envelope?.messageId && m.source) out.set(m.envelope.messageId, m.source);
  }
  return out;
}

export async function serverMessageIds(c: ImapFlow, folder: string): Promise<string[]> {
  return [...(await serverSources(c, folder)).keys()].sort();
}

/** A sync context on the store for running the archive steps one by one (no engine loops). */
export async function stepContext(writer: StoreWriter, folder: string, events: EngineEvent[] = []): Promise<{ ctx: SyncContext; client: ImapFlow }> {
  const account = labAccount(folder);
  const accountId = writer.upsertAccount({ address: account.address, type: account.type });
  const ctx: SyncContext = {
    bal: LAB.address, accountId, account, store: writer, q: new SyncQueries(writer), options: resolveOptions({}),
    emit: (e) => events.push(e), stopped: () => false,
  };
  const client = buildClient(imapConfig(), await labCredentials(LAB.address, { forceRefresh: false }));
  await client.connect();
  return { ctx, client };
}

export async function deleteLabFolder(folder: string): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    let c: ImapFlow | null = null;
    try {
      c = await labClient();
      await c.mailboxDelete(folder).catch((e: { responseStatus?: string }) => {
        if (e.responseStatus !== 'NO') throw e;
      });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      await c?.logout().catch(() => {});
    }
  }
}
