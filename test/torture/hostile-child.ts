// Child process of the hostile-input phase (run with a heap limit): feeds each corpus item to the product's
// own parsing path and prints one JSON line per item. The parent times each item and restarts this child
// after a crash or a hang.
//   node --max-old-space-size=N --import tsx hostile-child.ts <manifest.json> <startIndex> <storeDir>
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseRawMessage } from '../../main/sync/body-parser';
import { openWriter } from '../../main/store/open-store';
import { inspectXdm, xdmDocument } from '../../main/xdm';
import { parseClientConfig } from '../../main/autoconfig/parse-client-config';
import { outsideHosts } from '../../main/autoconfig/host-policy';
import { attachmentName, isRiskyToOpen } from '../../main/mail/attachment-content';
import { isPrivateAddress } from '../../main/net/address-policy';
import { isSafeExternalUrl } from '../../main/window/external-links';
import { clientCertificateAllowed, pscLoginPolicy } from '../../main/window/login-policy';
import type { PolicyCase } from './hostile-corpus';
import { searchFhirDirectory } from '../../main/directory';
import type { CorpusItem } from './hostile-corpus';
import { fuzzOne, generateMimeCase } from './mime-fuzz';

const [manifest, start, storeDir] = process.argv.slice(2) as [string, string, string];
const items = JSON.parse(fs.readFileSync(manifest, 'utf8')) as CorpusItem[];
const say = (o: unknown) => process.stdout.write(JSON.stringify(o) + '\n');
const PRODUCT_ERRORS = new Set(['XdmError', 'AutoconfigError', 'UserError', 'StoreError']);
const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;

fs.mkdirSync(storeDir, { recursive: true });
const writer = openWriter(path.join(storeDir, `cache-${process.pid}.db`), crypto.randomBytes(32).toString('hex'));
const accountId = writer.upsertAccount({ address: 'hostile@test.mssante.fr', type: 'PER' });
const folderId = writer.upsertFolder(accountId, { path: 'INBOX', delimiter: '/', specialUse: null, uidvalidity: 1 }).id;

async function handle(item: CorpusItem, i: number): Promise<{ refused: boolean; leak?: string; note?: string }> {
  const data = fs.readFileSync(item.file);
  switch (item.kind) {
    case 'mime': {
      const p = await parseRawMessage(data);
      const [id] = writer.upsertMessages(folderId, 1, [{ uid: i + 1, subject: item.name, date: Date.now(), size: data.length }]).ids;
      writer.storeBody(id!, { text: p.text, html: p.html, rawSize: p.rawSize }, p.attachments);
      return { refused: false, note: `${p.attachments.length} att, text ${p.text?.length ?? 0}, html ${p.html?.length ?? 0}` };
    }
    case 'mimefuzz': {
      // A batch of generated cases: each through the parser and the pipeline's entry point, then stored.
      const { seed, from, count } = JSON.parse(data.toString('utf8')) as { seed: number; from: number; count: number };
      let refused = 0;
      let damaged = 0;
      for (let k = from; k < from + count; k++) {
        const raw = generateMimeCase(seed, k);
        const o = await fuzzOne(raw);
        if (o.failure) throw Object.assign(new Error(`generated case ${k} of seed ${seed}: ${o.failure}`), { name: 'FuzzFailure' });
        if (o.refused) refused++;
        damaged += o.damaged;
        const p = o.body!;
        const [id] = writer.upsertMessages(folderId, 1, [{ uid: 1_000_000 + k, subject: `fuzz ${k}`, date: Date.now(), size: raw.length }]).ids;
        writer.storeBody(id!, { text: p.text, html: p.html, rawSize: p.rawSize }, p.attachments);
      }
      return { refused: false, note: `${count} generated cases, ${refused} beyond the parser's limits, ${damaged} damaged parts` };
    }
    case 'xdm': {
      const view = await inspectXdm(data);
      let out = JSON.stringify(view);
      for (const d of view.documents) {
        try {
          out += (await xdmDocument(data, d.id)).dataUrl.slice(0, 2_000_000);
        } catch (e) {
          if (!PRODUCT_ERRORS.has((e as Error).name)) throw e;
        }
      }
      const decoded = out.replace(/data:[^;]+;base64,([A-Za-z0-9+/=]+)/g, (_m, b: string) => Buffer.from(b, 'base64').toString('utf8'));
      return { refused: false, ...(/root:x?:0:0/.test(decoded) ? { leak: '/etc/passwd content in the rendering' } : {}) };
    }
    case 'autoconfig': {
      const r = parseClientConfig(data, 'alice.martin@test.mssante.fr', { testMode: false });
      const s = JSON.stringify(r.config);
      const leak = /root:x?:0:0/.test(s) ? '/etc/passwd content' : /http:\/\//i.test(s) ? 'http:// URL accepted' : r.config.imap.security === ('none' as string) ? 'plain IMAP accepted' : undefined;
      return { refused: false, ...(leak ? { leak } : {}) };
    }
    case 'policy': {
      // Refused = the product's policy function says no (these cases must all be refused).
      const c = JSON.parse(data.toString('utf8')) as PolicyCase;
      switch (c.check) {
        case 'hosts': {
          const r = parseClientConfig(c.doc, 'alice.martin@test.mssante.fr', { testMode: false });
          return { refused: outsideHosts(r.config, { testMode: false, knownOperators: [] }).length > 0 };
        }
        case 'attachment': {
          const shown = attachmentName(c.name);
          const hidden = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069]/.test(shown);
          return { refused: isRiskyToOpen(c.name), note: `shown as ${JSON.stringify(shown)}`, ...(hidden ? { leak: 'bidi or invisible character kept in the name' } : {}) };
        }
        case 'address':
          return { refused: isPrivateAddress(c.ip) };
        case 'external-url':
          return { refused: !isSafeExternalUrl(c.url) };
        case 'client-certificate': {
          const policy = pscLoginPolicy({ loginUrl: 'https://auth.esw.esante.gouv.fr/auth', psc: [{ issuer: 'https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet' }] });
          return { refused: !clientCertificateAllowed(c.url, policy) };
        }
      }
      return { refused: false };
    }
    case 'fhir': {
      const hits = await searchFhirDirectory('martin', {
        baseUrl: 'https://annuaire.test/fhir/v2',
        apiKey: 'k',
        fetch: (async () => new Response(data, { status: 200, headers: { 'content-type': 'application/fhir+json' } })) as never,
      });
      const bad = hits.find((h) => !EMAIL.test(h.address));
      return { refused: hits.length === 0, ...(bad ? { leak: `invalid address kept: ${JSON.stringify(bad.address).slice(0, 80)}` } : {}) };
    }
  }
}

async function main(): Promise<void> {
  for (let i = Number(start); i < items.length; i++) {
    const item = items[i]!;
    say({ begin: i });
    const t0 = Date.now();
    let r: { refused: boolean; leak?: string; note?: string; error?: string; unexpected?: boolean };
    try {
      r = await handle(item, i);
    } catch (e) {
      const err = e as Error;
      const product = PRODUCT_ERRORS.has(err?.name) || /^directory\./.test(String((err as { key?: unknown })?.key ?? '')) || (err as { code?: unknown })?.code !== undefined && err?.name === 'UserError';
      r = { refused: true, error: `${err?.name}: ${String(err?.message).slice(0, 160)}`, unexpected: !product };
    }
    say({ done: i, ms: Date.now() - t0, rssMb: Math.round(process.memoryUsage().rss / 1048576), ...r });
  }
  writer.close();
  say({ end: true });
}

main().catch((e: unknown) => {
  process.stderr.write(`hostile child failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(3);
});
