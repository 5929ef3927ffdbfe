// Generators of malformed and hostile inputs for the product's parsing paths: MIME (body parser → store),
// IHE_XDM.zip (safe zip + METADATA.XML), autoconfig documents, Annuaire Santé FHIR answers. Each item is
// written to a file; `expect` says what a correct product does with it:
//   'parse'  → handled without crash/hang (any result), 'refuse' → refused with the product's own error.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { Prng } from '../../sandbox/seed/prng';
import { buildZip } from '../../sandbox/seed/zip';
import { generateMimeCase } from './mime-fuzz';

export type CorpusKind = 'mime' | 'mimefuzz' | 'xdm' | 'autoconfig' | 'fhir' | 'policy';
export interface CorpusItem {
  name: string;
  kind: CorpusKind;
  file: string;
  expect: 'parse' | 'refuse';
  /** Also appended to Dovecot and synced by the engine (the full IMAP path). */
  imap?: boolean;
}

const CRLF = '\r\n';
const head = (subject: string, extra = '') =>
  `From: Expediteur <exp@test.mssante.fr>${CRLF}To: dest@test.mssante.fr${CRLF}Subject: ${subject}${CRLF}` +
  `Message-ID: <${subject.replace(/[^a-z0-9]/gi, '').slice(0, 40)}.${Date.now()}@hostile.test>${CRLF}Date: Mon, 2 Feb 2026 10:00:00 +0100${CRLF}MIME-Version: 1.0${CRLF}${extra}`;

function mimeCorpus(rng: Prng, big: boolean): Array<[string, Buffer | (() => Buffer), boolean]> {
  const items: Array<[string, Buffer | (() => Buffer), boolean]> = [];
  const add = (name: string, data: string | Buffer | (() => Buffer), imap = true) => items.push([name, typeof data === 'string' ? Buffer.from(data, 'latin1') : data, imap]);
  add('broken-base64', head('b64') + `Content-Type: text/plain; charset=utf-8${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}SGVsbG8g!!!***\u0000===QUJD${CRLF}Zm9v=YmFy==${CRLF}`);
  add('truncated-base64-attachment', head('b64att') + `Content-Type: multipart/mixed; boundary=X${CRLF}${CRLF}--X${CRLF}Content-Type: application/pdf; name=a.pdf${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}JVBERi0xLjQK${'A'.repeat(1001)}`);
  add('broken-qp', head('qp') + `Content-Type: text/html; charset=iso-8859-1${CRLF}Content-Transfer-Encoding: quoted-printable${CRLF}${CRLF}=ZZ=E9t=E=${CRLF}<p>=3Cscript=3E=${CRLF}=${CRLF}`);
  add('invalid-charsets', head('=?x-unknown-charset?B?SGVsbG8=?= =?utf-7?Q?+ZeVnLIqe-?=') + `Content-Type: multipart/alternative; boundary=B${CRLF}${CRLF}--B${CRLF}Content-Type: text/plain; charset="../../../../etc/passwd"${CRLF}${CRLF}abc${CRLF}--B${CRLF}Content-Type: text/html; charset=utf-7${CRLF}${CRLF}+ADw-script+AD4-alert(1)+ADw-/script+AD4-${CRLF}--B${CRLF}Content-Type: text/plain; charset=ISO-2022-JP${CRLF}${CRLF}\u001b$B\u001b(B\u001b$@${CRLF}--B--${CRLF}`);
  add('nul-bytes', head('nul\u0000subject', `X-Nul: a\u0000b${CRLF}`) + `Content-Type: text/plain; charset=utf-8${CRLF}${CRLF}avant\u0000\u0000apr\u00e8s\u0000${CRLF}`, false);
  add('nested-multipart-5000', () => {
    let body = `Content-Type: text/plain${CRLF}${CRLF}fond${CRLF}`;
    for (let d = 5000; d > 0; d--) body = `Content-Type: multipart/mixed; boundary=b${d}${CRLF}${CRLF}--b${d}${CRLF}${body}--b${d}--${CRLF}`;
    return Buffer.from(head('deep') + body);
  });
  add('nested-rfc822-2000', () => {
    let body = `Content-Type: text/plain${CRLF}${CRLF}fond${CRLF}`;
    for (let d = 0; d < 2000; d++) body = `Content-Type: message/rfc822${CRLF}${CRLF}Subject: n${d}${CRLF}${body}`;
    return Buffer.from(head('deep822') + body);
  });
  add('huge-header-1mb', () => Buffer.from(head('H'.repeat(1024 * 1024)) + `Content-Type: text/plain${CRLF}${CRLF}x${CRLF}`));
  add('many-headers-20000', () => Buffer.from(head('many', Array.from({ length: 20000 }, (_, i) => `X-H${i}: v${i}`).join(CRLF) + CRLF) + `Content-Type: text/plain${CRLF}${CRLF}x${CRLF}`));
  add('folded-header-abuse', () => Buffer.from(head('fold') + `To: ${Array.from({ length: 30000 }, (_, i) => `u${i}@x.test`).join(`,${CRLF} `)}${CRLF}Content-Type: text/plain${CRLF}${CRLF}x${CRLF}`));
  add('many-encoded-words', () => Buffer.from(head(Array.from({ length: 20000 }, () => '=?utf-8?B?w6k=?=').join(' ')) + `Content-Type: text/plain${CRLF}${CRLF}x${CRLF}`));
  add('param-flood', () => Buffer.from(head('params') + `Content-Type: text/plain; ${Array.from({ length: 20000 }, (_, i) => `p${i}*${i}*=utf-8''%C3%A9`).join('; ')}${CRLF}${CRLF}x${CRLF}`));
  add('rfc2231-continuations', head('2231') + `Content-Type: multipart/mixed; boundary=Z${CRLF}${CRLF}--Z${CRLF}Content-Type: application/octet-stream${CRLF}Content-Disposition: attachment; filename*0*=utf-8''..%2F..%2F; filename*1=etc; filename*99999=passwd${CRLF}${CRLF}data${CRLF}--Z--${CRLF}`);
  add('no-boundary', head('noboundary') + `Content-Type: multipart/mixed${CRLF}${CRLF}--${CRLF}x${CRLF}--${CRLF}`);
  add('unclosed-boundary', head('unclosed') + `Content-Type: multipart/mixed; boundary=U${CRLF}${CRLF}--U${CRLF}Content-Type: text/plain${CRLF}${CRLF}jamais fermé${CRLF}`);
  add('empty', '');
  add('only-crlf', CRLF.repeat(5));
  add('headers-only-no-body', head('headers-only').trimEnd());
  add('long-line-8mb', () => Buffer.from(head('longline') + `Content-Type: text/html${CRLF}${CRLF}<p>${'A'.repeat(8 * 1024 * 1024)}</p>`));
  add('html-deep-200k', () => Buffer.from(head('deephtml') + `Content-Type: text/html${CRLF}${CRLF}${'<div>'.repeat(200_000)}x${'</div>'.repeat(200_000)}`));
  add('attachment-traversal-names', head('names') + `Content-Type: multipart/mixed; boundary=N${CRLF}${CRLF}` +
    ['../../../../etc/passwd', 'C:\\Windows\\system32\\x.dll', 'rapport\u202Efdp.exe', 'con.txt', '\u0000.pdf', 'a'.repeat(5000)]
      .map((n) => `--N${CRLF}Content-Type: application/octet-stream; name="${n}"${CRLF}Content-Disposition: attachment; filename="${n}"${CRLF}${CRLF}x${CRLF}`).join('') + `--N--${CRLF}`, false);
  add('random-bytes-64k', () => {
    const b = Buffer.alloc(65536);
    for (let i = 0; i < b.length; i++) b[i] = Math.floor(rng.next() * 256);
    return Buffer.concat([Buffer.from(head('random')), b]);
  }, false);
  add('mutated-real-message', () => {
    const base = Buffer.from(realWorld()[0]![1]);
    for (let k = 0; k < 200; k++) base[rng.int(0, base.length - 1)] = rng.int(0, 255);
    return base;
  }, false);
  if (big) {
    add('attachment-50mb', () => {
      const raw = Buffer.alloc(50 * 1024 * 1024);
      for (let i = 0; i < raw.length; i += 4096) raw[i] = i & 255;
      const b64 = raw.toString('base64').replace(/.{76}/g, `$&${CRLF}`);
      return Buffer.from(head('big') + `Content-Type: multipart/mixed; boundary=G${CRLF}${CRLF}--G${CRLF}Content-Type: text/plain${CRLF}${CRLF}Gros fichier.${CRLF}--G${CRLF}Content-Type: application/octet-stream; name=big.bin${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}${b64}${CRLF}--G--${CRLF}`);
    });
  }
  for (const [name, raw] of realWorld()) add(`real-${name}`, raw);
  return items;
}

/** A few samples shaped like real mail seen in practices (Outlook, Apple Mail, HPRIM lab results, XDM). */
function realWorld(): Array<[string, string]> {
  return [
    ['outlook-related', head('RE: Compte rendu', `Thread-Index: AQHa1234${CRLF}X-MS-Has-Attach: yes${CRLF}`) +
      `Content-Type: multipart/related; boundary="_004_"; type="multipart/alternative"${CRLF}${CRLF}--_004_${CRLF}Content-Type: multipart/alternative; boundary="_000_"${CRLF}${CRLF}` +
      `--_000_${CRLF}Content-Type: text/plain; charset="iso-8859-1"${CRLF}Content-Transfer-Encoding: quoted-printable${CRLF}${CRLF}Bonjour,=0D=0Aci-joint le compte rendu.=0D=0A${CRLF}` +
      `--_000_${CRLF}Content-Type: text/html; charset="iso-8859-1"${CRLF}Content-Transfer-Encoding: quoted-printable${CRLF}${CRLF}<html><head><meta http-equiv=3D"Content-Type" content=3D"text/html"><style>p.MsoNormal{margin:0}</style></head><body><p class=3D"MsoNormal">Bonjour,<img src=3D"cid:image001.png@01DA"></p></body></html>${CRLF}--_000_--${CRLF}` +
      `--_004_${CRLF}Content-Type: image/png; name="image001.png"${CRLF}Content-ID: <image001.png@01DA>${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==${CRLF}--_004_--${CRLF}`],
    ['hprim-lab', head('Résultats HPRIM', `X-MSS-CODECDA: 11502-2${CRLF}`) + `Content-Type: multipart/mixed; boundary=H${CRLF}${CRLF}--H${CRLF}Content-Type: text/plain; charset=ISO-8859-1${CRLF}Content-Transfer-Encoding: 8bit${CRLF}${CRLF}Résultats ci-joints.${CRLF}--H${CRLF}Content-Type: text/plain; name="RES.HPR"${CRLF}Content-Disposition: attachment; filename="RES.HPR"${CRLF}${CRLF}H|^~\\&|||LABO||||||P|H2.2^C|20260202${CRLF}P|1||123456||DUPONT^JEAN${CRLF}L|1|||${CRLF}--H--${CRLF}`],
    ['apple-mail', head('Photo', `X-Mailer: Apple Mail (2.3774)${CRLF}`) + `Content-Type: multipart/alternative; boundary="Apple-Mail=_1"${CRLF}${CRLF}--Apple-Mail=_1${CRLF}Content-Transfer-Encoding: quoted-printable${CRLF}Content-Type: text/plain; charset=utf-8${CRLF}${CRLF}Voir photo=E2=80=AF!${CRLF}--Apple-Mail=_1${CRLF}Content-Type: multipart/related; type="text/html"; boundary="Apple-Mail=_2"${CRLF}${CRLF}--Apple-Mail=_2${CRLF}Content-Type: text/html; charset=utf-8${CRLF}${CRLF}<div>Voir<img src="cid:A1"></div>${CRLF}--Apple-Mail=_2--${CRLF}--Apple-Mail=_1--${CRLF}`],
    ['winmail-dat', head('TNEF') + `Content-Type: multipart/mixed; boundary=W${CRLF}${CRLF}--W${CRLF}Content-Type: text/plain${CRLF}${CRLF}x${CRLF}--W${CRLF}Content-Type: application/ms-tnef; name="winmail.dat"${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}eJ8+IgAAAAA=${CRLF}--W--${CRLF}`],
  ];
}

// ---- XDM

const META_OK = `<?xml version="1.0" encoding="UTF-8"?><SubmitObjectsRequest xmlns="urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0"><RegistryObjectList xmlns="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0"><ExtrinsicObject id="d1" mimeType="text/xml"><Slot name="URI"><ValueList><Value>DOC0001.XML</Value></ValueList></Slot></ExtrinsicObject></RegistryObjectList></SubmitObjectsRequest>`;

function xdmZip(meta: string | Buffer, extra: Array<{ name: string; data: Buffer | string }> = []): Buffer {
  return buildZip([{ name: 'IHE_XDM/SUBSET01/METADATA.XML', data: meta }, { name: 'IHE_XDM/SUBSET01/DOC0001.XML', data: '<ClinicalDocument/>' }, ...extra]);
}

/** A ZIP whose single entry is deflated (a bomb: tiny compressed, huge inflated); sizes can lie. */
function deflatedZip(name: string, data: Buffer, lie?: { uncompressed: number }): Buffer {
  const comp = zlib.deflateRawSync(data, { level: 9 });
  const n = Buffer.from(name);
  const crc = zlib.crc32(data) >>> 0;
  const size = lie?.uncompressed ?? data.length;
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(comp.length, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(comp.length, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(n.length, 28);
  const cd = Buffer.concat([central, n]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(30 + n.length + comp.length, 16);
  return Buffer.concat([local, n, comp, cd, end]);
}

function xdmCorpus(): Array<[string, () => Buffer, 'parse' | 'refuse']> {
  const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]><SubmitObjectsRequest>&lol9;</SubmitObjectsRequest>`;
  return [
    ['xdm-valid-minimal', () => xdmZip(META_OK), 'parse'],
    ['xdm-xxe-file', () => xdmZip(`<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><SubmitObjectsRequest>&x;</SubmitObjectsRequest>`), 'refuse'],
    ['xdm-xxe-lowercase-doctype', () => xdmZip(`<?xml version="1.0"?><!doctype r [<!entity x SYSTEM "file:///etc/passwd">]><SubmitObjectsRequest>&x;</SubmitObjectsRequest>`), 'refuse'],
    ['xdm-billion-laughs', () => xdmZip(laughs), 'refuse'],
    ['xdm-utf16-doctype', () => xdmZip(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><SubmitObjectsRequest>&x;</SubmitObjectsRequest>`, 'utf16le')])), 'refuse'],
    ['xdm-deep-xml-100k', () => xdmZip(`<SubmitObjectsRequest>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</SubmitObjectsRequest>`), 'parse'],
    ['xdm-huge-attribute', () => xdmZip(`<SubmitObjectsRequest x="${'A'.repeat(7_000_000)}"/>`), 'parse'],
    ['xdm-metadata-too-big', () => xdmZip(`<SubmitObjectsRequest>${'<b>x</b>'.repeat(1_500_000)}</SubmitObjectsRequest>`), 'refuse'],
    ['xdm-zip-bomb-1gb', () => deflatedZip('IHE_XDM/SUBSET01/METADATA.XML', Buffer.alloc(1024 * 1024 * 1024 / 8)), 'refuse'],
    ['xdm-zip-bomb-size-lie', () => deflatedZip('IHE_XDM/SUBSET01/METADATA.XML', Buffer.alloc(64 * 1024 * 1024), { uncompressed: 1000 }), 'refuse'],
    ['xdm-nested-zip', () => xdmZip(META_OK, [{ name: 'IHE_XDM/SUBSET01/inner.zip', data: deflatedZip('x', Buffer.alloc(32 * 1024 * 1024)) }]), 'parse'],
    ['xdm-path-traversal', () => buildZip([{ name: '../../evil.sh', data: 'x' }, { name: 'IHE_XDM/SUBSET01/METADATA.XML', data: META_OK }]), 'refuse'],
    ['xdm-absolute-path', () => buildZip([{ name: '/etc/cron.d/x', data: 'x' }, { name: 'IHE_XDM/SUBSET01/METADATA.XML', data: META_OK }]), 'refuse'],
    ['xdm-backslash-path', () => buildZip([{ name: '..\\..\\x', data: 'x' }, { name: 'IHE_XDM/SUBSET01/METADATA.XML', data: META_OK }]), 'refuse'],
    ['xdm-65k-entries', () => buildZip(Array.from({ length: 65_000 }, (_, i) => ({ name: `f${i}`, data: '' }))), 'refuse'],
    ['xdm-duplicate-names', () => buildZip([{ name: 'IHE_XDM/SUBSET01/METADATA.XML', data: META_OK }, { name: 'IHE_XDM/SUBSET01/METADATA.XML', data: '<x/>' }]), 'refuse'],
    ['xdm-truncated', () => xdmZip(META_OK).subarray(0, 200), 'refuse'],
    ['xdm-not-a-zip', () => Buffer.from('PK\u0003\u0004 fictif'), 'refuse'],
    ['xdm-no-metadata', () => buildZip([{ name: 'README.TXT', data: 'x' }]), 'refuse'],
    ['xdm-uri-traversal', () => xdmZip(META_OK.replace('DOC0001.XML', '../../../etc/passwd')), 'parse'],
    ['xdm-malformed-xml', () => xdmZip('<SubmitObjectsRequest><a></b>'), 'refuse'],
  ];
}

// ---- autoconfig

const AC = (inner: string, pre = '') => `<?xml version="1.0" encoding="UTF-8"?>${pre}<clientConfig version="1.1"><emailProvider id="test.mssante.fr"><domain>test.mssante.fr</domain>${inner}</emailProvider></clientConfig>`;
const IMAP_OK = '<incomingServer type="imap"><hostname>imap.test.mssante.fr</hostname><port>143</port><socketType>STARTTLS</socketType><authentication>OAuth2</authentication><username>%EMAILADDRESS%</username></incomingServer>';
const SMTP_OK = '<outgoingServer type="smtp"><hostname>smtp.test.mssante.fr</hostname><port>587</port><socketType>STARTTLS</socketType><authentication>OAuth2</authentication><username>%EMAILADDRESS%</username></outgoingServer>';

function autoconfigCorpus(): Array<[string, string, 'parse' | 'refuse']> {
  return [
    ['ac-valid', AC(IMAP_OK + SMTP_OK), 'parse'],
    ['ac-plain-imap', AC(IMAP_OK.replace('STARTTLS', 'plain') + SMTP_OK), 'refuse'],
    ['ac-plain-smtp', AC(IMAP_OK + SMTP_OK.replace('STARTTLS', 'plain')), 'refuse'],
    ['ac-xxe', AC(IMAP_OK + SMTP_OK, '<!DOCTYPE c [<!ENTITY x SYSTEM "file:///etc/passwd">]>').replace('<domain>test.mssante.fr</domain>', '<domain>&x;</domain>'), 'refuse'],
    ['ac-billion-laughs', AC(IMAP_OK + SMTP_OK, `<!DOCTYPE c [<!ENTITY a "aaaaaaaaaa">${Array.from({ length: 9 }, (_, i) => `<!ENTITY a${i + 1} "${`&a${i || ''};`.repeat(10)}">`).join('')}]>`).replace('<domain>test.mssante.fr</domain>', '<domain>&a9;</domain>'), 'refuse'],
    ['ac-huge', AC(IMAP_OK + SMTP_OK + `<displayName>${'x'.repeat(3 * 1024 * 1024)}</displayName>`), 'refuse'],
    ['ac-deep', AC(IMAP_OK + SMTP_OK + '<x>'.repeat(100_000) + '</x>'.repeat(100_000)), 'parse'],
    ['ac-not-xml', 'HTTP/1.1 200 OK\r\n\r\n<html><script>alert(1)</script></html>', 'refuse'],
    ['ac-wrong-root', '<?xml version="1.0"?><html><body/></html>', 'refuse'],
    ['ac-port-out-of-range', AC(IMAP_OK.replace('<port>143</port>', '<port>99999</port>') + SMTP_OK), 'refuse'],
    ['ac-host-injection', AC(IMAP_OK.replace('imap.test.mssante.fr', 'imap.test.mssante.fr\r\nHost: evil') + SMTP_OK), 'refuse'],
    ['ac-host-url', AC(IMAP_OK.replace('imap.test.mssante.fr', 'http://evil.example/') + SMTP_OK), 'refuse'],
    ['ac-psc-http-issuer', AC(IMAP_OK + SMTP_OK + '<mss:psc xmlns:mss="urn:mssante:clientconfig:1" issuer="http://evil.example/realm"/>'), 'parse'],
    ['ac-unknown-encoding', AC(IMAP_OK + SMTP_OK).replace('UTF-8', 'x-evil-1'), 'refuse'],
    ['ac-nul-bytes', AC(IMAP_OK + SMTP_OK).replace('imap.test', 'imap\u0000.test'), 'refuse'],
    // Issue 18: CR/LF (and other controls) in the user name, port 25 for submission.
    ['ac-crlf-username', AC(IMAP_OK.replace('%EMAILADDRESS%', '%EMAILADDRESS%&#13;&#10;A1 LOGOUT') + SMTP_OK), 'refuse'],
    ['ac-smtp-port-25', AC(IMAP_OK + SMTP_OK.replace('<port>587</port>', '<port>25</port>')), 'refuse'],
  ];
}

/** Issue 18: invalid UTF-8 is refused, never replaced (bytes, so not in the string corpus above). */
function invalidUtf8Autoconfig(): Buffer {
  const text = AC(IMAP_OK + SMTP_OK + '<displayName>OpXX</displayName>');
  const b = Buffer.from(text);
  const at = b.indexOf('XX');
  b[at] = 0xc3;
  b[at + 1] = 0x28;
  return b;
}

// ---- policy checks (issue 18): each case must be refused by the product's own policy function.
export type PolicyCase =
  | { check: 'hosts'; doc: string }
  | { check: 'attachment'; name: string }
  | { check: 'address'; ip: string }
  | { check: 'external-url'; url: string }
  | { check: 'client-certificate'; url: string };

function policyCorpus(): Array<[string, PolicyCase]> {
  const evil = IMAP_OK.replace('imap.test.mssante.fr', 'imap.evil.example');
  return [
    ['hosts-outside-domain', { check: 'hosts', doc: AC(evil + SMTP_OK) }],
    ['hosts-lookalike-suffix', { check: 'hosts', doc: AC(IMAP_OK.replace('imap.test.mssante.fr', 'test.mssante.fr.evil.example') + SMTP_OK) }],
    ['hosts-outside-smtp', { check: 'hosts', doc: AC(IMAP_OK + SMTP_OK.replace('smtp.test.mssante.fr', 'smtp.evil.example')) }],
    ...['x.exe.', 'x.exe . .', 'rapport\u202Efdp.exe', 'facture\u2067fdp.scr\u2069', 'a\u200B.lnk', 'x.msc', 'x.xll', 'x.chm', 'x.jnlp', 'x.scf', 'x.appref-ms', 'x.desktop', 'x.mhtml', 'x.py', 'sans-extension']
      .map((name): [string, PolicyCase] => [`attachment-${name.replace(/[^a-z0-9.-]/gi, '_')}`, { check: 'attachment', name }]),
    ...['::ffff:7f00:1', '0:0:0:0:0:ffff:7f00:1', '::127.0.0.1', '64:ff9b::a00:1', '64:ff9b:1::1', '2002:c0a8:101::', 'fec0::1', '198.18.0.1', '192.0.2.1', '2001:db8::1', '3fff::1', '100.64.0.1']
      .map((ip): [string, PolicyCase] => [`address-${ip.replace(/[^a-z0-9.]/gi, '_')}`, { check: 'address', ip }]),
    ...['https://127.0.0.1/', 'https://[::1]/', 'https://2130706433/', 'https://localhost/', 'https://app.localhost/', 'https://intranet/']
      .map((url): [string, PolicyCase] => [`external-url-${url.replace(/[^a-z0-9.]/gi, '_')}`, { check: 'external-url', url }]),
    ...['https://evil.example/', 'https://auth.esw.esante.gouv.fr.evil.example/', 'http://auth.esw.esante.gouv.fr/']
      .map((url): [string, PolicyCase] => [`client-certificate-${url.replace(/[^a-z0-9.]/gi, '_')}`, { check: 'client-certificate', url }]),
  ];
}

// ---- FHIR

const practitioner = (telecom: unknown[], extra: Record<string, unknown> = {}) => ({ resourceType: 'Practitioner', id: 'p1', name: [{ family: 'MARTIN', given: ['Alice'] }], telecom, ...extra });
const mss = (value: string) => ({ system: 'email', value, extension: [{ url: 'https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/practitioner-mailbox-mss-metadata', extension: [{ url: 'type', valueCoding: { code: 'PER' } }] }] });

function fhirCorpus(): Array<[string, string, 'parse' | 'refuse']> {
  const bundle = (entries: unknown[]) => JSON.stringify({ resourceType: 'Bundle', total: entries.length, entry: entries.map((resource) => ({ resource })) });
  return [
    ['fhir-valid', bundle([practitioner([mss('alice.martin@test.mssante.fr')])]), 'parse'],
    ['fhir-not-json', '<html>Erreur</html>', 'refuse'],
    ['fhir-wrong-resource', JSON.stringify({ resourceType: 'OperationOutcome', issue: [] }), 'refuse'],
    ['fhir-deep-json', `{"resourceType":"Bundle","entry":${'['.repeat(200_000)}${']'.repeat(200_000)}}`, 'refuse'],
    ['fhir-huge-bundle', bundle(Array.from({ length: 5000 }, () => practitioner([mss('a@test.mssante.fr')]))), 'refuse'],
    ['fhir-crlf-address', bundle([practitioner([mss('alice.martin@test.mssante.fr\r\nBcc: espion@evil.example')])]), 'refuse'],
    ['fhir-script-name', bundle([practitioner([mss('x@test.mssante.fr')], { name: [{ family: '<img src=x onerror=alert(1)>', given: ['<script>'] }] })]), 'parse'],
    ['fhir-spaces-address', bundle([practitioner([mss('"a b"@evil.example <x@test.mssante.fr>')])]), 'refuse'],
    ['fhir-proto-pollution', `{"resourceType":"Bundle","__proto__":{"polluted":true},"entry":[{"resource":{"resourceType":"Practitioner","__proto__":{"active":false},"telecom":[]}}]}`, 'parse'],
    ['fhir-non-mss-without-extension', bundle([practitioner([{ system: 'email', value: 'perso@gmail.com' }])]), 'refuse'],
  ];
}

/** Generated MIME cases of the full hostile phase, of the fast subset (torture-fast), per child item, and
 *  appended to Dovecot. */
export const MIME_FUZZ_CASES = 5000;
export const MIME_FUZZ_CASES_FAST = 1000;
const MIME_FUZZ_BATCH = 250;
const MIME_FUZZ_IMAP = 40;

/** Writes the corpus into `dir`. `big`: include the 50 MB attachment. */
export function writeCorpus(dir: string, seed: number, big = true): CorpusItem[] {
  fs.mkdirSync(dir, { recursive: true });
  const rng = new Prng(seed);
  const out: CorpusItem[] = [];
  const put = (name: string, kind: CorpusKind, data: Buffer | string, expect: 'parse' | 'refuse', imap?: boolean) => {
    const file = path.join(dir, `${kind}-${name}`);
    fs.writeFileSync(file, data);
    out.push({ name, kind, file, expect, ...(imap ? { imap } : {}) });
  };
  for (const [name, make, imap] of mimeCorpus(rng, big)) put(name, 'mime', typeof make === 'function' ? make() : make, 'parse', imap);
  // Generated MIME (mime-fuzz.ts): batches of cases made in the child from (seed, first case, count);
  // with `big`, a few of them also go through Dovecot and the engine.
  const cases = big ? MIME_FUZZ_CASES : MIME_FUZZ_CASES_FAST;
  for (let from = 0; from < cases; from += MIME_FUZZ_BATCH) {
    put(`fuzz-${from}`, 'mimefuzz', JSON.stringify({ seed, from, count: Math.min(MIME_FUZZ_BATCH, cases - from) }), 'parse');
  }
  if (big) for (let i = 0; i < MIME_FUZZ_IMAP; i++) put(`fuzz-case-${i}`, 'mime', generateMimeCase(seed, i), 'parse', true);
  for (const [name, make, expect] of xdmCorpus()) put(name, 'xdm', make(), expect);
  for (const [name, doc, expect] of autoconfigCorpus()) put(name, 'autoconfig', doc, expect);
  put('ac-invalid-utf8', 'autoconfig', invalidUtf8Autoconfig(), 'refuse');
  for (const [name, c] of policyCorpus()) put(name, 'policy', JSON.stringify(c), 'refuse');
  for (const [name, doc, expect] of fhirCorpus()) put(name, 'fhir', doc, expect);
  return out;
}
