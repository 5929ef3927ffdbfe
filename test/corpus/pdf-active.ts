// PDFs with active content, shaped like what a hospital's document export or a phishing attachment
// carries (issue 18 point 3): a document-level /OpenAction JavaScript, a named JavaScript (/Names
// /JavaScript), a page-open action (/AA /O) and a form field with keystroke and calculate scripts. Each
// script would show itself if it ran: app.alert, console.println, a change of the document title, a form
// submitted to and a URL launched on `beacon` (a local HTTP server of the test). Written byte for byte
// (no binary fixture), with a coloured header band so a rendered page is never blank.
import { buildXdmZip } from '../../sandbox/seed/xdm';
import { bytes } from './real-world';

export const PDF_SCRIPT_MARK = 'PDF-SCRIPT-RAN';

function pdfLiteral(s: string): string {
  return `(${s.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

/** A one-page "compte rendu" whose every script would announce itself on `beacon` (http://127.0.0.1:port). */
export function activePdf(beacon: string, title: string, lines: string[]): Buffer {
  const js = (where: string) =>
    `app.alert("${PDF_SCRIPT_MARK} ${where}"); console.println("${PDF_SCRIPT_MARK} ${where}");\n` +
    `try { this.info.Title = "${PDF_SCRIPT_MARK}"; this.title = "${PDF_SCRIPT_MARK}"; } catch (e) {}\n` +
    `this.submitForm({ cURL: "${beacon}/submit?from=${where}", cSubmitAs: "HTML" });\n` +
    `app.launchURL("${beacon}/launch?from=${where}", true);\n` +
    `this.getURL("${beacon}/geturl?from=${where}");\n`;
  const text = [
    'BT /F1 18 Tf 56 760 Td (Centre hospitalier de Blois) Tj ET',
    'BT /F1 14 Tf 56 700 Td ' + pdfLiteral(title) + ' Tj ET',
    'BT /F1 11 Tf 56 670 Td 15 TL',
    ...lines.map((l) => `${pdfLiteral(l)} '`),
    'ET',
  ].join('\n');
  // Header band (blue), a rule under the title (grey), then the text.
  const content = `q 0.10 0.30 0.62 rg 0 800 595 42 re f Q\nq 0.6 g 56 690 483 1 re f Q\n${text}\n`;
  const stream = (dict: string, body: string) => `<< ${dict} /Length ${Buffer.byteLength(body, 'latin1')} >>\nstream\n${body}\nendstream`;
  const objects = [
    /* 1 */ `<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R /Names << /JavaScript << /Names [(init) 7 0 R] >> >> /AcroForm << /Fields [8 0 R] /NeedAppearances true >> /ViewerPreferences << /DisplayDocTitle true >> >>`,
    /* 2 */ '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    /* 3 */ '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R /Annots [8 0 R] /AA << /O 9 0 R >> >>',
    /* 4 */ '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    /* 5 */ stream('', content),
    /* 6 */ '<< /Type /Action /S /JavaScript /JS 10 0 R >>',
    /* 7 */ '<< /Type /Action /S /JavaScript /JS 11 0 R >>',
    /* 8 */ `<< /Type /Annot /Subtype /Widget /FT /Tx /T (signature) /V (Dr M. Roussel) /Rect [56 120 300 140] /F 4 /P 3 0 R /DA (/F1 10 Tf 0 g) /AA << /K 12 0 R /C 12 0 R /Fo 12 0 R >> >>`,
    /* 9 */ '<< /Type /Action /S /JavaScript /JS 13 0 R >>',
    /* 10 */ stream('', js('openaction')),
    /* 11 */ stream('', js('names')),
    /* 12 */ `<< /Type /Action /S /JavaScript /JS ${pdfLiteral(js('field'))} >>`,
    /* 13 */ stream('', js('pageopen')),
    /* 14 */ `<< /Title ${pdfLiteral(title)} /Producer (DxCare 8.2 - export PDF) /Creator (Editeur CR) /CreationDate (D:20261130101500+01'00') >>`,
  ];
  let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 14 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

function base64Lines(b: Buffer): string {
  return b.toString('base64').replace(/.{76}/g, '$&\n');
}

export interface ActivePdfMessage {
  subject: string;
  filename: string;
  raw: Buffer;
}

/** A hospital's discharge letter with its PDF attached (DPI export through the hospital's MSSanté gateway). */
export function activePdfMail(beacon: string, tag: string): ActivePdfMessage {
  const subject = `Compte rendu d'hospitalisation ROUSSEL ${tag}`;
  const filename = 'CRH_ROUSSEL_Marc_20261130.pdf';
  const pdf = activePdf(beacon, "Compte rendu d'hospitalisation", ['Patient : ROUSSEL Marc, ne le 02/03/1958', 'Service : Cardiologie - Dr Roussel', '', 'Sortie le 30/11/2026. Traitement de sortie joint.']);
  return {
    subject,
    filename,
    raw: bytes(`Return-Path: <secretariat.cardio@ch-blois.mssante.fr>
Received: from passerelle-mss.ch-blois.fr (passerelle-mss.ch-blois.fr [10.20.0.5]) by mx.test.mssante.fr; Mon, 30 Nov 2026 10:16:02 +0100
From: "Secretariat Cardiologie CH Blois" <secretariat.cardio@ch-blois.mssante.fr>
To: "Dr Alice MARTIN" <alice.martin@test.mssante.fr>
Subject: ${subject}
Date: Mon, 30 Nov 2026 10:16:00 +0100
Message-ID: <dxcare.20261130101600.${tag}@ch-blois.mssante.fr>
X-Mailer: DxCare Messagerie 8.2
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="----=_Part_4471_1180204785.1796030160000"

------=_Part_4471_1180204785.1796030160000
Content-Type: text/plain; charset=ISO-8859-1
Content-Transfer-Encoding: quoted-printable

Cher confr=E8re,

Veuillez trouver ci-joint le compte rendu d'hospitalisation de votre patient.

Secr=E9tariat de cardiologie
------=_Part_4471_1180204785.1796030160000
Content-Type: application/pdf; name=${filename}
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename=${filename}

${base64Lines(pdf)}
------=_Part_4471_1180204785.1796030160000--
`),
  };
}

/** The same kind of document as an IHE XDM package (the PDF rendering of the CDA is the active PDF). */
export function activePdfXdmMail(beacon: string, tag: string): ActivePdfMessage {
  const label = 'Lettre de liaison a la sortie';
  const patient = { nom: 'ROUSSEL', prenom: 'Marc', sexe: 'M', naissance: '02/03/1958', ins: '158037512345678' } as const;
  const pdf = activePdf(beacon, label, ['Patient : ROUSSEL Marc', 'INS : 158037512345678', '', 'Lettre de liaison du service de cardiologie.']);
  const { zip } = buildXdmZip(patient, {
    code: '34133-9', label, date: new Date('2026-11-30T09:20:00Z'), lines: ['Lettre de liaison du service de cardiologie.'],
    author: { name: 'Dr Marc ROUSSEL', idNat: '810003456789', org: 'CH de Blois' }, uniqueId: `1.2.250.1.999.7.${tag.length}.20261130`,
  }, { pdf });
  const subject = `XDM/1.0/DDM+${label} ROUSSEL Marc ${tag}`;
  return {
    subject,
    filename: 'IHE_XDM.zip',
    raw: bytes(`From: "Cardiologie CH Blois" <cardiologie@ch-blois.mssante.fr>
To: "Dr Alice MARTIN" <alice.martin@test.mssante.fr>
Subject: ${subject}
Date: Mon, 30 Nov 2026 10:20:00 +0100
Message-ID: <xdm.20261130102000.${tag}@ch-blois.mssante.fr>
X-MSS-CODECDA: 34133-9
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="xdm-${tag}"

--xdm-${tag}
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 7bit

Lettre de liaison en piece jointe (IHE XDM).
--xdm-${tag}
Content-Type: application/zip; name="IHE_XDM.zip"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="IHE_XDM.zip"

${base64Lines(zip)}
--xdm-${tag}--
`),
  };
}
