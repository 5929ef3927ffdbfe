// Bodies: BODY.PEEK[] of messages up to fullBodyMaxBytes, stored raw (once by SHA-256, in the encrypted
// cache) in one transaction per batch: readable offline from then on. Text extraction and full-text
// indexing happen off this path, in the index worker (indexer.ts) fed by the fts_queue table; a message the
// person opens before that is extracted from its stored raw source at once (extractStoredBody). Larger
// messages get their text parts only, their attachments are listed from BODYSTRUCTURE and downloaded on
// demand (fetchAttachment).
import type { FetchMessageObject, ImapFlow, MessageStructureObject } from 'imapflow';
import type { AttachmentInput } from '../store/types';
import type { MessageLocation } from '../store/sync-queries';
import { parseRawMessage, sha256 } from './body-parser';
import type { SyncContext } from './context';
import { assertUsable, fetchAllChecked } from './imap-guards';
import { attachmentParts, partType, textParts } from './message-mapper';
import { batchByWeight, toSequenceSet } from './uid-sets';

async function ensureSelected(client: ImapFlow, path: string): Promise<number> {
  if (!client.mailbox || client.mailbox.path !== path) await client.mailboxOpen(path);
  assertUsable(client, 'SELECT', path);
  return Number(client.mailbox ? client.mailbox.uidValidity : 0);
}

/** Reads a download; beyond `limit` bytes it throws, or with `truncate` keeps the first `limit` bytes
 *  (the rest is drained so the FETCH completes and the connection stays usable). */
async function readStream(stream: NodeJS.ReadableStream, limit: number, truncate = false): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of stream) {
    const b = typeof c === 'string' ? Buffer.from(c) : (c as Buffer);
    if (size + b.length > limit) {
      if (!truncate) throw new Error('part too large');
      if (size < limit) chunks.push(b.subarray(0, limit - size));
      size = limit;
      continue;
    }
    size += b.length;
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

function provisionalAttachments(ctx: SyncContext, m: MessageLocation, structure: MessageStructureObject | undefined): AttachmentInput[] {
  return attachmentParts(structure).map((p, i) => ({
    part: p.part ?? `att:${i + 1}`,
    // Unknown content yet: a per-message provisional key; storeFetchedAttachment swaps in the real hash.
    sha256: `pending:${ctx.accountId}:${m.folderId}:${m.uidvalidity}:${m.uid}:${p.part ?? i + 1}`,
    size: p.size ?? 0,
    mime: partType(p),
    filename: p.dispositionParameters?.filename ?? p.parameters?.name ?? null,
    contentId: p.id ?? null,
    disposition: p.disposition ?? null,
  }));
}

/**
 * Downloads and stores the raw sources of `messages` (same folder). `extract`: also extract their text now
 * (the person is waiting for one of them). Returns the row ids done.
 */
export async function fetchBodiesOfFolder(ctx: SyncContext, client: ImapFlow, path: string, messages: MessageLocation[], opts: { extract?: boolean } = {}): Promise<number[]> {
  const uidvalidity = await ensureSelected(client, path);
  const current = messages.filter((m) => m.uidvalidity === uidvalidity);
  const done: number[] = [];
  const small = current.filter((m) => (m.size ?? 0) <= ctx.options.fullBodyMaxBytes);
  const large = current.filter((m) => (m.size ?? 0) > ctx.options.fullBodyMaxBytes);
  const batches = batchByWeight(small, (m) => m.size ?? 10_000, ctx.options.bodyBatchBytes, 100);
  // The next batch is requested before the current one is written (at most two batches in memory).
  const request = (i: number): Promise<FetchMessageObject[]> | null => {
    if (i >= batches.length) return null;
    const p = fetchAllChecked(client, path, toSequenceSet(batches[i]!.map((m) => m.uid)), { uid: true, source: true }, { uid: true });
    p.catch(() => {}); // awaited below
    return p;
  };
  let next = request(0);
  for (let i = 0; i < batches.length; i++) {
    const batch = batches[i]!;
    const current = next!;
    if (ctx.stopped()) return done;
    const byUid = new Map(batch.map((m) => [m.uid, m]));
    const msgs = await current;
    next = ctx.stopped() ? null : request(i + 1);
    const fetched: Array<{ m: MessageLocation; raw: Buffer }> = [];
    for (const msg of msgs) {
      const m = byUid.get(msg.uid);
      if (m && msg.source) fetched.push({ m, raw: msg.source });
    }
    // A message absent from the answer (expunged meanwhile, or a response imapflow could not parse): its
    // source alone, once, rather than never a body.
    if (msgs.length < batch.length && !ctx.stopped()) {
      const got = new Set(msgs.map((x) => x.uid));
      for (const m of batch) {
        if (got.has(m.uid)) continue;
        const one = await client.fetchOne(String(m.uid), { uid: true, source: true }, { uid: true });
        assertUsable(client, 'FETCH', path);
        if (one && one.source) fetched.push({ m, raw: one.source });
      }
    }
    const parsed = opts.extract ? await Promise.all(fetched.map((f) => parseRawMessage(f.raw))) : null;
    // One transaction for the batch.
    ctx.store.transaction(() => {
      fetched.forEach(({ m, raw }, k) => {
        if (!ctx.q.storeFetchedRaw(m.id, raw, sha256(raw))) return; // the row went away meanwhile
        const p = parsed?.[k];
        if (p) ctx.store.storeBody(m.id, { text: p.text, html: p.html, rawSize: p.rawSize, smime: p.smime }, p.attachments);
        done.push(m.id);
      });
    });
  }
  for (const m of large) {
    if (ctx.stopped()) return done;
    const one = await client.fetchOne(String(m.uid), { uid: true, bodyStructure: true }, { uid: true });
    assertUsable(client, 'FETCH', path);
    if (!one || !one.bodyStructure) continue;
    let text: string | null = null;
    let html: string | null = null;
    for (const t of textParts(one.bodyStructure)) {
      if ((t.type === 'text/plain' && text !== null) || (t.type === 'text/html' && html !== null)) continue;
      const dl = await client.download(String(m.uid), t.part, { uid: true });
      if (!dl || !('content' in dl) || !dl.content) {
        assertUsable(client, 'FETCH', path);
        continue;
      }
      // A text part larger than a whole "small" message is shown truncated rather than never.
      const content = (await readStream(dl.content, ctx.options.fullBodyMaxBytes, true)).toString('utf8');
      assertUsable(client, 'FETCH', path);
      if (t.type === 'text/plain') text = content;
      else html = content;
    }
    try {
      ctx.store.storeBody(m.id, { text, html, rawSize: m.size }, provisionalAttachments(ctx, m, one.bodyStructure));
      done.push(m.id);
    } catch {
      // row gone
    }
  }
  return done;
}

/**
 * Bodies of up to `limit` messages without one, newest first (the given folder first). Messages that could
 * not be fetched (gone, renumbered) are added to `skip` so the caller does not loop on them.
 * Returns how many messages were attempted (0 = nothing left to do).
 */
export async function fetchSomeBodies(ctx: SyncContext, client: ImapFlow, limit: number, folderId: number | null, skip: Set<number>): Promise<number> {
  // Per folder (the folder/date index serves "newest without body"), the given folder first.
  const pick = (fid: number) => ctx.q.messagesNeedingBody(ctx.accountId, fid, limit + skip.size).filter((m) => !skip.has(m.id)).slice(0, limit);
  const folders = ctx.store.listFolders(ctx.accountId).map((f) => f.id).sort((a, b) => (a === folderId ? -1 : b === folderId ? 1 : 0));
  let todo: MessageLocation[] = [];
  for (const fid of folders) {
    todo = pick(fid);
    if (todo.length > 0) break;
  }
  if (todo.length === 0) return 0;
  const byFolder = new Map<number, MessageLocation[]>();
  for (const m of todo) byFolder.set(m.folderId, [...(byFolder.get(m.folderId) ?? []), m]);
  for (const [fid, list] of byFolder) {
    const f = ctx.store.getFolder(fid);
    if (!f) {
      list.forEach((m) => skip.add(m.id));
      continue;
    }
    let doneList: number[];
    try {
      doneList = await fetchBodiesOfFolder(ctx, client, f.path, list);
    } catch (err) {
      // The folder refused (deleted meanwhile...): its messages wait for the next folder list.
      if (!client.usable || (err as { responseStatus?: string }).responseStatus !== 'NO') throw err;
      list.forEach((m) => skip.add(m.id));
      continue;
    }
    const done = new Set(doneList);
    if (ctx.stopped()) return todo.length;
    for (const m of list) if (!done.has(m.id)) skip.add(m.id);
    if (done.size > 0) {
      ctx.emit({ type: 'messagesChanged', bal: ctx.bal, folderId: fid, ids: [...done] });
      const left = ctx.q.countNeedingBody(fid);
      const total = ctx.q.countMessages(fid);
      ctx.emit({ type: 'progress', bal: ctx.bal, folder: f.path, phase: 'bodies', done: Math.max(0, total - left), total });
    }
  }
  return todo.length;
}

/** Downloads one attachment of a message and stores it (by hash). Returns its size. */
export async function fetchAttachment(ctx: SyncContext, client: ImapFlow, messageRowId: number, part: string): Promise<number> {
  const info = ctx.q.attachmentInfo(messageRowId, part);
  if (!info) throw new Error('unknown attachment');
  if (info.fetched) return -1;
  const m = ctx.q.getLocation(messageRowId);
  if (!m || m.uid < 0) throw new Error('message not on server');
  const f = ctx.store.getFolder(m.folderId)!;
  const uv = await ensureSelected(client, f.path);
  if (uv !== m.uidvalidity) throw new Error('folder renumbered');
  if (part.startsWith('att:')) {
    // Positional key (structure did not line up): parse the whole message again.
    const one = await client.fetchOne(String(m.uid), { uid: true, source: true, bodyStructure: true }, { uid: true });
    if (!one || !one.source) throw new Error('message gone');
    const parsed = await parseRawMessage(one.source, one.bodyStructure);
    const a = parsed.attachments.find((x) => x.part === part);
    if (!a || !a.data) throw new Error('attachment not found');
    ctx.q.storeFetchedAttachment(messageRowId, part, a.data, a.sha256, a.mime);
    return a.data.length;
  }
  const dl = await client.download(String(m.uid), part, { uid: true });
  if (!dl || !('content' in dl) || !dl.content) throw new Error('attachment not found');
  const data = await readStream(dl.content, 512 * 1024 * 1024);
  ctx.q.storeFetchedAttachment(messageRowId, part, data, sha256(data), info.mime ?? 'application/octet-stream');
  return data.length;
}

/** A message body right now (user opened it). */
export async function fetchBodyNow(ctx: SyncContext, client: ImapFlow, messageRowId: number): Promise<boolean> {
  const m = ctx.q.getLocation(messageRowId);
  if (!m || m.uid < 0) return false;
  const f = ctx.store.getFolder(m.folderId);
  if (!f) return false;
  const done = await fetchBodiesOfFolder(ctx, client, f.path, [m], { extract: true });
  if (done.length > 0) ctx.emit({ type: 'messagesChanged', bal: ctx.bal, folderId: f.id, ids: done });
  return done.length > 0;
}

/**
 * A message the person opens whose raw source is stored but not extracted yet: its text now, from the
 * cache (no network needed). The index worker then indexes it without parsing it again. False when
 * there is no stored source to extract.
 */
export async function extractStoredBody(ctx: SyncContext, messageRowId: number): Promise<boolean> {
  const raw = ctx.q.rawToExtract(messageRowId);
  if (!raw) return false;
  const p = await parseRawMessage(raw);
  try {
    ctx.store.storeBody(messageRowId, { text: p.text, html: p.html, rawSize: p.rawSize, smime: p.smime }, p.attachments);
  } catch {
    return false; // row gone meanwhile
  }
  const loc = ctx.q.getLocation(messageRowId);
  ctx.emit({ type: 'messagesChanged', bal: ctx.bal, folderId: loc?.folderId ?? null, ids: [messageRowId] });
  return true;
}
