// Messages shaped like real ones for the MIME-structure classes of issue 20 (points 4 to 6): what old
// gateways, list servers, scanners and Outlook actually send. Written byte for byte with `bytes()` (latin-1
// characters are the raw bytes). Used by the unit tests (parser choice, names) and the integration and
// e2e tests that sync and open them.
import { bytes, u8, type CorpusMessage } from './real-world';

export interface StructureMessage extends CorpusMessage {
  /** Text the reader must show (a line of the body). */
  bodyText?: string;
  /** The attachments the reader must list: name, type, and whether the part is damaged. */
  attachments?: Array<{ filename: string; mime: string; damaged?: boolean; startsWith?: string }>;
}

/** Lotus Notes / Domino: boundary lines padded with a space (RFC 2046 §5.1.1 allows transport padding). */
export const paddedBoundaries: StructureMessage = {
  subject: 'Convocation bloc opératoire du 14 juin',
  fromName: 'Secrétariat Chirurgie',
  fromAddress: 'secretariat.chir@ch-orleans.fr',
  bodyText: 'Veuillez trouver ci-joint la convocation',
  attachments: [{ filename: 'convocation.pdf', mime: 'application/pdf', startsWith: '%PDF-1.4' }],
  raw: bytes(`Return-Path: <secretariat.chir@ch-orleans.fr>
Received: from notes01.ch-orleans.fr (notes01.ch-orleans.fr [10.1.2.3]) by mx.ch-orleans.fr; Mon, 10 Jun 2024 11:02:17 +0200
Subject: =?ISO-8859-1?Q?Convocation_bloc_op=E9ratoire_du_14_juin?=
From: "=?ISO-8859-1?Q?Secr=E9tariat_Chirurgie?=" <secretariat.chir@ch-orleans.fr>
To: bob.durand@test.mssante.fr
Message-ID: <OF8A2F1C3D.5E6F7A8B-ONC1257F2A.0036D1A3-C1257F2A.0036D1A4@ch-orleans.fr>
Date: Mon, 10 Jun 2024 11:02:15 +0200
X-Mailer: Lotus Notes Release 9.0.1FP10 January 14, 2018
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="=_mixed 0036D1A3C1257F2A_="

This is a multipart message in MIME format.
--=_mixed 0036D1A3C1257F2A_= 
Content-Type: text/plain; charset="ISO-8859-1"
Content-Transfer-Encoding: quoted-printable

Bonjour,

Veuillez trouver ci-joint la convocation de votre patient pour le bloc op=
=E9ratoire.

Secr=E9tariat de chirurgie
--=_mixed 0036D1A3C1257F2A_=\t
Content-Type: application/pdf; name="convocation.pdf"
Content-Disposition: attachment; filename="convocation.pdf"
Content-Transfer-Encoding: base64

JVBERi0xLjQKJcOkw7zDtsOfCjIgMCBvYmoKPDwvTGVuZ3RoIDMgMCBSPj4Kc3RyZWFtCg==
--=_mixed 0036D1A3C1257F2A_=--  
`),
};

/** A Mailman digest: the parts of multipart/digest carry no Content-Type (RFC 2046 §5.1.5: message/rfc822). */
export const listDigest: StructureMessage = {
  subject: 'Liste-infectio Digest, Vol 112, numéro 3',
  fromName: null,
  fromAddress: 'liste-infectio-request@listes.infectiologie.fr',
  bodyText: 'Envoyez vos messages pour la liste Liste-infectio',
  attachments: [
    { filename: 'message.eml', mime: 'message/rfc822', startsWith: 'Message-ID: <a1@chu-tours.fr>' },
    { filename: 'message.eml', mime: 'message/rfc822', startsWith: 'Message-ID: <b2@ch-blois.fr>' },
  ],
  raw: bytes(`From: liste-infectio-request@listes.infectiologie.fr
Subject: =?utf-8?q?Liste-infectio_Digest=2C_Vol_112=2C_num=C3=A9ro_3?=
To: bob.durand@test.mssante.fr
Reply-To: liste-infectio@listes.infectiologie.fr
Date: Tue, 11 Jun 2024 12:00:03 +0200
Message-ID: <mailman.3.1718100003.1234.liste-infectio@listes.infectiologie.fr>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="===============4206916722383839117=="
X-Mailman-Version: 2.1.29
List-Id: <liste-infectio.listes.infectiologie.fr>

--===============4206916722383839117==
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit
Content-Description: Liste-infectio Digest, Vol 112, Issue 3

Envoyez vos messages pour la liste Liste-infectio ${u8('à')}
\tliste-infectio@listes.infectiologie.fr

--===============4206916722383839117==
Content-Type: multipart/digest; boundary="===============2284410516377434361=="

--===============2284410516377434361==

Message-ID: <a1@chu-tours.fr>
From: "Dr A. Martin" <a.martin@chu-tours.fr>
To: liste-infectio@listes.infectiologie.fr
Subject: Antibioprophylaxie et allergie
Date: Mon, 10 Jun 2024 18:12:00 +0200
Content-Type: text/plain; charset="us-ascii"

Quelqu'un a-t-il un protocole a jour ?

--===============2284410516377434361==

Message-ID: <b2@ch-blois.fr>
From: "Dr C. Petit" <c.petit@ch-blois.fr>
Subject: Re: Antibioprophylaxie et allergie
Date: Tue, 11 Jun 2024 08:40:00 +0200
Content-Type: text/plain; charset="us-ascii"

Voir la recommandation SFAR 2024.

--===============2284410516377434361==--

--===============4206916722383839117==--
`),
};

/** A fax-to-mail gateway of the 1990s kind: `Content-Type: text` without subtype, latin-1 body. */
export const textWithoutSubtype: StructureMessage = {
  subject: 'Fax de 02 38 12 34 56 (2 pages)',
  fromName: 'Serveur Fax',
  fromAddress: 'fax@cabinet-des-lilas.fr',
  bodyText: 'Télécopie reçue le 12/06/2024',
  attachments: [],
  raw: bytes(`From: "Serveur Fax" <fax@cabinet-des-lilas.fr>
To: bob.durand@test.mssante.fr
Subject: Fax de 02 38 12 34 56 (2 pages)
Date: Wed, 12 Jun 2024 07:58:30 +0200
Message-ID: <fax.20240612075830.0042@fax.cabinet-des-lilas.fr>
MIME-Version: 1.0
Content-Type: text; charset=iso-8859-1
Content-Transfer-Encoding: 8bit
X-Mailer: FaxGate 3.2

T\xe9l\xe9copie re\xe7ue le 12/06/2024 \xe0 07:58 depuis le 02 38 12 34 56.
Dur\xe9e : 1 min 12 s, 2 pages.
`),
};

/** A scanner's PDF whose base64 an antivirus gateway broke by appending its footer inside the part. */
export const damagedBase64: StructureMessage = {
  subject: 'Numérisation ordonnance',
  fromName: 'Scanner Accueil',
  fromAddress: 'scanner@cabinet-des-lilas.fr',
  bodyText: 'Document numérisé',
  attachments: [{ filename: 'ordonnance.pdf', mime: 'application/pdf', damaged: true, startsWith: '%PDF-1.4' }],
  raw: bytes(`From: "Scanner Accueil" <scanner@cabinet-des-lilas.fr>
To: bob.durand@test.mssante.fr
Subject: =?iso-8859-1?q?Num=E9risation_ordonnance?=
Date: Wed, 12 Jun 2024 09:31:00 +0200
Message-ID: <SCAN.0001.20240612093100@scanner.cabinet-des-lilas.fr>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="SCAN-BOUNDARY-4f1a"

--SCAN-BOUNDARY-4f1a
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

Document num=E9ris=E9 le 12/06/2024 =E0 09:31.
--SCAN-BOUNDARY-4f1a
Content-Type: application/pdf; name="ordonnance.pdf"
Content-Disposition: attachment; filename="ordonnance.pdf"
Content-Transfer-Encoding: base64

JVBERi0xLjQKJcOkw7zDtsOfCjEgMCBvYmoKPDwvVHlwZS9DYXRhbG9nL1BhZ2VzIDIgMCBSPj4K
ZW5kb2JqCjIgMCBvYmoKPDwvVHlwZS9QYWdlcy9LaWRzWzMgMCBSXS9Db3VudCAxPj4KZW5kb2Jq
-----
Ce message a \xe9t\xe9 analys\xe9 par l'antivirus de la passerelle.
--SCAN-BOUNDARY-4f1a--
`),
};

/** The exact bytes of the valid base64 lines of `damagedBase64` (what the reader keeps of the PDF). */
export const damagedBase64ValidPrefix = Buffer.from(
  'JVBERi0xLjQKJcOkw7zDtsOfCjEgMCBvYmoKPDwvVHlwZS9DYXRhbG9nL1BhZ2VzIDIgMCBSPj4K'
  + 'ZW5kb2JqCjIgMCBvYmoKPDwvVHlwZS9QYWdlcy9LaWRzWzMgMCBSXS9Db3VudCAxPj4KZW5kb2Jq', 'base64');

/** A hospital mailer that writes raw UTF-8 names and cuts them at 64 bytes, in the middle of an "é". */
const longName = u8('Résultats_biologie_Mme_Bérénice_Lefèvre_prélèvement_du_3_juin_é');
export const cutUtf8Name: StructureMessage = {
  subject: 'Résultats biologie',
  fromName: 'Laboratoire',
  fromAddress: 'resultats@labo-val-de-loire.fr',
  bodyText: 'Résultats en pièce jointe',
  attachments: [{ filename: 'Résultats_biologie_Mme_Bérénice_Lefèvre_prélèvement_du_3_juin_', mime: 'application/pdf', startsWith: '%PDF-1.4' }],
  raw: bytes(`From: Laboratoire <resultats@labo-val-de-loire.fr>
To: bob.durand@test.mssante.fr
Subject: ${u8('Résultats biologie')}
Date: Thu, 13 Jun 2024 14:02:00 +0200
Message-ID: <1718280120.77@sil.labo-val-de-loire.fr>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="----=_Part_77_1203.1718280120"

------=_Part_77_1203.1718280120
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

${u8('Résultats en pièce jointe.')}
------=_Part_77_1203.1718280120
Content-Type: application/pdf; name="${longName.slice(0, -1)}"
Content-Disposition: attachment; filename="${longName.slice(0, -1)}"
Content-Transfer-Encoding: base64

JVBERi0xLjQKJcOkw7zDtsOfCg==
------=_Part_77_1203.1718280120--
`),
};

/** Postfix's bounce: multipart/report whose parts have no names. */
export const deliveryReport: StructureMessage = {
  subject: 'Undelivered Mail Returned to Sender',
  fromName: 'Mail Delivery System',
  fromAddress: 'MAILER-DAEMON@mx.test.mssante.fr',
  bodyText: 'This is the mail system at host mx.test.mssante.fr.',
  attachments: [
    { filename: 'rapport-de-remise.txt', mime: 'message/delivery-status', startsWith: 'Reporting-MTA: dns; mx.test.mssante.fr' },
    { filename: 'message.eml', mime: 'message/rfc822', startsWith: 'Return-Path: <bob.durand@test.mssante.fr>' },
  ],
  raw: bytes(`Return-Path: <>
Date: Fri, 14 Jun 2024 10:00:05 +0200 (CEST)
From: MAILER-DAEMON@mx.test.mssante.fr (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: bob.durand@test.mssante.fr
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="A1B2C3D4E5.1718352005/mx.test.mssante.fr"
Message-Id: <20240614080005.A1B2C3D4E5@mx.test.mssante.fr>

This is a MIME-encapsulated message.

--A1B2C3D4E5.1718352005/mx.test.mssante.fr
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.test.mssante.fr.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<inconnu@test.mssante.fr>: unknown user: "inconnu"

--A1B2C3D4E5.1718352005/mx.test.mssante.fr
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.test.mssante.fr
X-Postfix-Queue-ID: A1B2C3D4E5
Arrival-Date: Fri, 14 Jun 2024 10:00:04 +0200 (CEST)

Final-Recipient: rfc822; inconnu@test.mssante.fr
Action: failed
Status: 5.1.1
Diagnostic-Code: X-Postfix; unknown user: "inconnu"

--A1B2C3D4E5.1718352005/mx.test.mssante.fr
Content-Description: Undelivered Message
Content-Type: message/rfc822

Return-Path: <bob.durand@test.mssante.fr>
From: Bob Durand <bob.durand@test.mssante.fr>
To: inconnu@test.mssante.fr
Subject: Courrier de sortie
Date: Fri, 14 Jun 2024 10:00:00 +0200
Message-ID: <sortie-42@test.mssante.fr>

Courrier de sortie de M. X.

--A1B2C3D4E5.1718352005/mx.test.mssante.fr--
`),
};

/** Outlook's meeting request: the calendar part of the alternative has no name. */
export const meetingRequest: StructureMessage = {
  subject: 'RCP oncologie digestive',
  fromName: 'Coordination RCP',
  fromAddress: 'rcp@ch-orleans.fr',
  bodyText: 'Réunion de concertation pluridisciplinaire',
  attachments: [{ filename: 'invitation.ics', mime: 'text/calendar', startsWith: 'BEGIN:VCALENDAR' }],
  raw: bytes(`From: Coordination RCP <rcp@ch-orleans.fr>
To: "Durand Bob" <bob.durand@test.mssante.fr>
Subject: RCP oncologie digestive
Thread-Topic: RCP oncologie digestive
Date: Fri, 14 Jun 2024 08:15:22 +0000
Message-ID: <DB7PR02MB4123ABCDEF0123456789@DB7PR02MB4123.eurprd02.prod.outlook.com>
Content-Language: fr-FR
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="_000_DB7PR02MB4123_"

--_000_DB7PR02MB4123_
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: base64

${Buffer.from('Réunion de concertation pluridisciplinaire, jeudi 20 juin à 13 h.\r\n', 'utf8').toString('base64')}

--_000_DB7PR02MB4123_
Content-Type: text/calendar; charset="utf-8"; method=REQUEST
Content-Transfer-Encoding: 7bit

BEGIN:VCALENDAR
METHOD:REQUEST
PRODID:Microsoft Exchange Server 2010
VERSION:2.0
BEGIN:VEVENT
SUMMARY;LANGUAGE=fr-FR:RCP oncologie digestive
DTSTART:20240620T110000Z
DTEND:20240620T123000Z
UID:040000008200E00074C5B7101A82E0080000000050DE
END:VEVENT
END:VCALENDAR

--_000_DB7PR02MB4123_--
`),
};

/** Outlook's S/MIME encrypted message (enveloped data for the recipient's certificate; made with
 *  `openssl cms -encrypt -aes256` for a throwaway certificate). */
export const smimeEncrypted: StructureMessage = {
  subject: 'Compte rendu opératoire (chiffré)',
  fromName: 'Dr Alice Martin',
  fromAddress: 'alice.martin@chu-tours.fr',
  attachments: [{ filename: 'smime.p7m', mime: 'application/pkcs7-mime' }],
  raw: bytes(`From: "Dr Alice Martin" <alice.martin@chu-tours.fr>
To: "Dr Bob Durand" <bob.durand@test.mssante.fr>
Subject: =?utf-8?B?${Buffer.from('Compte rendu opératoire (chiffré)', 'utf8').toString('base64')}?=
Date: Mon, 17 Jun 2024 16:45:00 +0200
Message-ID: <AM0PR07MB1234567@AM0PR07MB1234.eurprd07.prod.outlook.com>
MIME-Version: 1.0
Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"
Content-Disposition: attachment; filename="smime.p7m"
Content-Transfer-Encoding: base64

MIICDwYJKoZIhvcNAQcDoIICADCCAfwCAQAxggF3MIIBcwIBADBbMEMxFjAUBgNVBAMMDURyIEJv
YiBEdXJhbmQxKTAnBgkqhkiG9w0BCQEWGmJvYi5kdXJhbmRAdGVzdC5tc3NhbnRlLmZyAhQtheMo
3XZx6Pnhna3ipuVpvXfivjANBgkqhkiG9w0BAQEFAASCAQCp0XA7Yp4cOdFzT8Qg33w8lVxRm2U/
k7MijtPCe86jg7P3NXD2nYK6xF+bAHz9izpj6VNx5ZOutOR/C2FP5y4aisFHvf5jzssyrjtIUg0k
jz5Ovbnll+Dj1KhmY4fc47nOsXLY4UNDIqgwNG8fAMoQR5psnk9hBpqd3tQ+nIuYMF+kwFavSC5m
6z2hG9nisjgvBFQx60zgvYm0RsT0tWWnVnEtOqsD3fXtLiTmrX7nEX18UvMF3aUBEVXC5G9W3OV5
41U1cbC7fddpWrcte7gN46T9zK68bjs3066Eu5LPIVBWHuE5LdZ2apHVa4MEWEU/cUytU8P5jG18
11GJ2VjNMHwGCSqGSIb3DQEHATAdBglghkgBZQMEASoEEFsYx4n1ToUFxSyBtAMkVu+AUPqTj8Qu
XlobCn00cvdUZh8Pz7yQbyx0TSlKc6yo1tYuIVTjp1sKyho53Nl5deYH3fdBOvFMs1RlewTC/k8X
VRhxDqu8kzEhbrGrd5pFAtdN
`),
};

/** Outlook "send as opaque signed" (S/MIME signed data with the message inside, not multipart/signed):
 *  made with `openssl cms -sign -nodetach -outform DER` for a throwaway certificate; the signed entity is
 *  Outlook's multipart/mixed with a latin-1 quoted-printable text and a PDF. */
export const smimeOpaqueSigned: StructureMessage = {
  subject: 'Bilan cardiologique de M. Lelièvre (signé)',
  fromName: 'Dr Claire Fontaine',
  fromAddress: 'c.fontaine@ch-tours.mssante.fr',
  bodyText: 'Vous trouverez ci-joint le bilan cardiologique de M. André Lelièvre.',
  attachments: [{ filename: 'Bilan_cardiologique_Lelievre.pdf', mime: 'application/pdf', startsWith: '%PDF-1.4' }],
  raw: bytes(`From: "Dr Claire Fontaine" <c.fontaine@ch-tours.mssante.fr>
To: "Dr Bob Durand" <bob.durand@test.mssante.fr>
Subject: =?iso-8859-1?Q?Bilan_cardiologique_de_M=2E_Leli=E8vre_=28sign=E9=29?=
Date: Thu, 14 Nov 2024 18:02:41 +0100
Message-ID: <000001db36b1$4c2e1f30$e48a5d90$@ch-tours.mssante.fr>
MIME-Version: 1.0
X-Mailer: Microsoft Outlook 16.0
Thread-Index: AQHbNrFMLh8w5IpdkA==
Content-Language: fr
Content-Type: application/pkcs7-mime; smime-type=signed-data; name="smime.p7m"
Content-Disposition: attachment; filename="smime.p7m"
Content-Transfer-Encoding: base64

MIIJowYJKoZIhvcNAQcCoIIJlDCCCZACAQExDTALBglghkgBZQMEAgEwggOBBgkqhkiG9w0BBwGg
ggNyBIIDbkNvbnRlbnQtVHlwZTogbXVsdGlwYXJ0L21peGVkOw0KCWJvdW5kYXJ5PSItLS0tPV9O
ZXh0UGFydF8wMDBfMDAxMl8wMURBQkMxMi4zNDU2Nzg5QSINCg0KVGhpcyBpcyBhIG11bHRpLXBh
cnQgbWVzc2FnZSBpbiBNSU1FIGZvcm1hdC4NCg0KLS0tLS0tPV9OZXh0UGFydF8wMDBfMDAxMl8w
MURBQkMxMi4zNDU2Nzg5QQ0KQ29udGVudC1UeXBlOiB0ZXh0L3BsYWluOw0KCWNoYXJzZXQ9Imlz
by04ODU5LTEiDQpDb250ZW50LVRyYW5zZmVyLUVuY29kaW5nOiBxdW90ZWQtcHJpbnRhYmxlDQoN
CkNoZXIgY29uZnI9RThyZSwNCg0KVm91cyB0cm91dmVyZXogY2ktam9pbnQgbGUgYmlsYW4gY2Fy
ZGlvbG9naXF1ZSBkZSBNLiBBbmRyPUU5IExlbGk9RTh2cmUuDQoNCkJpZW4gY29uZnJhdGVybmVs
bGVtZW50LA0KRHIgQ2xhaXJlIEZvbnRhaW5lDQoNCi0tLS0tLT1fTmV4dFBhcnRfMDAwXzAwMTJf
MDFEQUJDMTIuMzQ1Njc4OUENCkNvbnRlbnQtVHlwZTogYXBwbGljYXRpb24vcGRmOw0KCW5hbWU9
IkJpbGFuX2NhcmRpb2xvZ2lxdWVfTGVsaWV2cmUucGRmIg0KQ29udGVudC1UcmFuc2Zlci1FbmNv
ZGluZzogYmFzZTY0DQpDb250ZW50LURpc3Bvc2l0aW9uOiBhdHRhY2htZW50Ow0KCWZpbGVuYW1l
PSJCaWxhbl9jYXJkaW9sb2dpcXVlX0xlbGlldnJlLnBkZiINCg0KSlZCRVJpMHhMalFLTVNBd0lH
OWlhanc4TDFSNWNHVXZRMkYwWVd4dlp5OVFZV2RsY3lBeUlEQWdVajQrWlc1a2IySnFJRElnTUNC
dlltbzhQQzlVZVhCbEwxQmhaMlZ6TDB0cFpITmJYUzlEYjNWdWRDQXdQajVsYm1Sdlltb0tkSEpo
YVd4bGNqdzhMMUp2YjNRZ01TQXdJRkkrUGdvbEpVVlBSZ289DQoNCi0tLS0tLT1fTmV4dFBhcnRf
MDAwXzAwMTJfMDFEQUJDMTIuMzQ1Njc4OUEtLQ0KoIIDfTCCA3kwggJhoAMCAQICFGeERW/HUDze
N0auJvjWrOwlEmoAMA0GCSqGSIb3DQEBCwUAMEwxGzAZBgNVBAMMEkRyIENsYWlyZSBGb250YWlu
ZTEtMCsGCSqGSIb3DQEJARYeYy5mb250YWluZUBjaC10b3Vycy5tc3NhbnRlLmZyMB4XDTI2MTIw
ODAwMTA0M1oXDTM2MTIwNTAwMTA0M1owTDEbMBkGA1UEAwwSRHIgQ2xhaXJlIEZvbnRhaW5lMS0w
KwYJKoZIhvcNAQkBFh5jLmZvbnRhaW5lQGNoLXRvdXJzLm1zc2FudGUuZnIwggEiMA0GCSqGSIb3
DQEBAQUAA4IBDwAwggEKAoIBAQCvsrIfQ3SxBm2odrNTBPnUCAGF8LaozqcKtNILm4mNuBSq02S+
dgsMe8dNMhdavdG7n8TGLzTEKM+3tERiv15XpLzwxHCjGw4kZ4vnIgHEPXY6pWgJMMTItDBRhtj3
Meo42wd0kbg3PiqK6W5bLdtd9mnemq5Mphjx52lCyh71zOXavslUGPbBRnF2MuE7lHbyjDAGuAZk
tXjrozzqTuiffjaOIy10aRn3KrkmQ94kTEfX/cCfczY5Vxcg5nWfdtXD1ai1rCoyER4KRw2BqsWD
ParCb1zVcP0HY+/0ji0iGiJnAlOCvSWhZUwBjAQU7k/MzP85KGZASuCfIljBh8P5AgMBAAGjUzBR
MB0GA1UdDgQWBBSLaT6a6WeXo/azaCLQRSDfUBkXzTAfBgNVHSMEGDAWgBSLaT6a6WeXo/azaCLQ
RSDfUBkXzTAPBgNVHRMBAf8EBTADAQH/MA0GCSqGSIb3DQEBCwUAA4IBAQBF0rhvREgTa4qVeDKh
VgZsGsCgdUZSdBhjm0OpwP6/H4EDuoaWlLBQnrBknj2b31i+jUzhbEYicJx7fBAhGcew9xiGKP55
0sz0OI3Ezi9YVap+hTWGr1llCbsp4SpbhC4EXd4Z+g2pubim9v2rtczU4R8uSUr1Yz7Lk3giowC1
NmqosTaY5CueOyL8GAwWioDw12oRRaFA1+a61e6HkbVY1EDyB87nrIiabXYyQAq0WSPGf/S5jv2w
XWE3yyZda0GrFFfIIHyKY5149xnDhF2d100EzWmGf3WUzItkF1Ikz0mdJ5/3bGmavxwgi6JXJYh+
dL4jSXQDaRokDaTFL9M5MYICdDCCAnACAQEwZDBMMRswGQYDVQQDDBJEciBDbGFpcmUgRm9udGFp
bmUxLTArBgkqhkiG9w0BCQEWHmMuZm9udGFpbmVAY2gtdG91cnMubXNzYW50ZS5mcgIUZ4RFb8dQ
PN43Rq4m+Nas7CUSagAwCwYJYIZIAWUDBAIBoIHkMBgGCSqGSIb3DQEJAzELBgkqhkiG9w0BBwEw
HAYJKoZIhvcNAQkFMQ8XDTI2MTIwODAwMTA0NVowLwYJKoZIhvcNAQkEMSIEIEc9wCTvzGzEx7Na
YNozIGyInkGYNk5DH752isF0rpQVMHkGCSqGSIb3DQEJDzFsMGowCwYJYIZIAWUDBAEqMAsGCWCG
SAFlAwQBFjALBglghkgBZQMEAQIwCgYIKoZIhvcNAwcwDgYIKoZIhvcNAwICAgCAMA0GCCqGSIb3
DQMCAgFAMAcGBSsOAwIHMA0GCCqGSIb3DQMCAgEoMA0GCSqGSIb3DQEBAQUABIIBAIdy2U/RXGH8
WDzzlmUESD7oOwvZwxLhyOShA6Z+dap7sJNzYwmaYTxndwDkeey7OfF6RI7z5xDiRzZtdCZveM5I
Hlr9D49X9hov3fGFd0xTvyT+S4fP2vxCl14yUWygLDdNlEQwCcMcH1m86MGiYxawenkv2QHFh0vT
rabtGyj3wM/42uD0N0GMnr2xPrOb/aCIbzMVCtMmGShY9r8QCyxic+nI6X85gz+2uZelSSQ8xsET
elR/JI7a6tt9+C91YV/7367EeJvquEQDCltWEwzMV3FLGyhGkAp9jQPeMlpTEPa6z9Hio3Uo1rip
oBjVlu+Xi534+JKHgxCxhwxl4WU=

`),
};

/** A laboratory gateway signing with OpenSSL in streaming mode (BER, indefinite lengths, the content in
 *  constructed OCTET STRING pieces), old x-pkcs7 type: `openssl cms -sign -nodetach -stream`. */
export const smimeOpaqueSignedBer: StructureMessage = {
  subject: 'Résultat INR du 14/11',
  fromName: 'Laboratoire Bio-Loire',
  fromAddress: 'resultats@bio-loire.mssante.fr',
  bodyText: "Résultat de l'INR du 14/11 : 2,6 (zone cible 2-3).",
  raw: bytes(`From: "Laboratoire Bio-Loire" <resultats@bio-loire.mssante.fr>
To: bob.durand@test.mssante.fr
Subject: =?UTF-8?B?UsOpc3VsdGF0IElOUiBkdSAxNC8xMQ==?=
Date: Thu, 14 Nov 2024 07:15:09 +0100
Message-ID: <20241114061509.4471.inr@passerelle.bio-loire.fr>
MIME-Version: 1.0
Content-Disposition: attachment; filename="smime.p7m"
Content-Type: application/x-pkcs7-mime; smime-type=signed-data; name="smime.p7m"
Content-Transfer-Encoding: base64

MIAGCSqGSIb3DQEHAqCAMIACAQExDTALBglghkgBZQMEAgEwgAYJKoZIhvcNAQcBoIAkgASBwENv
bnRlbnQtVHlwZTogdGV4dC9wbGFpbjsgY2hhcnNldD11dGYtOA0KQ29udGVudC1UcmFuc2Zlci1F
bmNvZGluZzogOGJpdA0KDQpSw6lzdWx0YXQgZGUgbCdJTlIgZHUgMTQvMTEgOiAyLDYgKHpvbmUg
Y2libGUgMi0zKS4NClBhcyBkZSBtb2RpZmljYXRpb24gZGUgbGEgcG9zb2xvZ2llLg0KDQpMYWJv
cmF0b2lyZSBCaW8tTG9pcmUNCgAAAAAAAKCCA30wggN5MIICYaADAgECAhRnhEVvx1A83jdGrib4
1qzsJRJqADANBgkqhkiG9w0BAQsFADBMMRswGQYDVQQDDBJEciBDbGFpcmUgRm9udGFpbmUxLTAr
BgkqhkiG9w0BCQEWHmMuZm9udGFpbmVAY2gtdG91cnMubXNzYW50ZS5mcjAeFw0yNjEyMDgwMDEw
NDNaFw0zNjEyMDUwMDEwNDNaMEwxGzAZBgNVBAMMEkRyIENsYWlyZSBGb250YWluZTEtMCsGCSqG
SIb3DQEJARYeYy5mb250YWluZUBjaC10b3Vycy5tc3NhbnRlLmZyMIIBIjANBgkqhkiG9w0BAQEF
AAOCAQ8AMIIBCgKCAQEAr7KyH0N0sQZtqHazUwT51AgBhfC2qM6nCrTSC5uJjbgUqtNkvnYLDHvH
TTIXWr3Ru5/Exi80xCjPt7REYr9eV6S88MRwoxsOJGeL5yIBxD12OqVoCTDEyLQwUYbY9zHqONsH
dJG4Nz4qiuluWy3bXfZp3pquTKYY8edpQsoe9czl2r7JVBj2wUZxdjLhO5R28owwBrgGZLV466M8
6k7on342jiMtdGkZ9yq5JkPeJExH1/3An3M2OVcXIOZ1n3bVw9WotawqMhEeCkcNgarFgz2qwm9c
1XD9B2Pv9I4tIhoiZwJTgr0loWVMAYwEFO5PzMz/OShmQErgnyJYwYfD+QIDAQABo1MwUTAdBgNV
HQ4EFgQUi2k+mulnl6P2s2gi0EUg31AZF80wHwYDVR0jBBgwFoAUi2k+mulnl6P2s2gi0EUg31AZ
F80wDwYDVR0TAQH/BAUwAwEB/zANBgkqhkiG9w0BAQsFAAOCAQEARdK4b0RIE2uKlXgyoVYGbBrA
oHVGUnQYY5tDqcD+vx+BA7qGlpSwUJ6wZJ49m99Yvo1M4WxGInCce3wQIRnHsPcYhij+edLM9DiN
xM4vWFWqfoU1hq9ZZQm7KeEqW4QuBF3eGfoNqbm4pvb9q7XM1OEfLklK9WM+y5N4IqMAtTZqqLE2
mOQrnjsi/BgMFoqA8NdqEUWhQNfmutXuh5G1WNRA8gfO56yImm12MkAKtFkjxn/0uY79sF1hN8sm
XWtBqxRXyCB8imOdePcZw4RdnddNBM1phn91lMyLZBdSJM9JnSef92xpmr8cIIuiVyWIfnS+I0l0
A2kaJA2kxS/TOTGCAnQwggJwAgEBMGQwTDEbMBkGA1UEAwwSRHIgQ2xhaXJlIEZvbnRhaW5lMS0w
KwYJKoZIhvcNAQkBFh5jLmZvbnRhaW5lQGNoLXRvdXJzLm1zc2FudGUuZnICFGeERW/HUDzeN0au
JvjWrOwlEmoAMAsGCWCGSAFlAwQCAaCB5DAYBgkqhkiG9w0BCQMxCwYJKoZIhvcNAQcBMBwGCSqG
SIb3DQEJBTEPFw0yNjEyMDgwMDEwNDVaMC8GCSqGSIb3DQEJBDEiBCD1Ba0lgQ/Hn4HOqbg1m43b
jjEQePLFQ4UtfLYcVItwaTB5BgkqhkiG9w0BCQ8xbDBqMAsGCWCGSAFlAwQBKjALBglghkgBZQME
ARYwCwYJYIZIAWUDBAECMAoGCCqGSIb3DQMHMA4GCCqGSIb3DQMCAgIAgDANBggqhkiG9w0DAgIB
QDAHBgUrDgMCBzANBggqhkiG9w0DAgIBKDANBgkqhkiG9w0BAQEFAASCAQAYfUgQg+aa/lCas31X
qCzvImYQt4PxZkyGFOPvZewlnl4dZlzDVH2J99rAQc6BTQIq9n/JHL+ZJ7Ttz5kFd9xtIOr6Cbls
qHdKnrpqiZTWN2wbgyoBxuHLxfkIE7Uq3U1UNMAJ/2EJgFzhbxeF1jCxIOoL54rUQNwecg+JhQC9
VmFv2YCmbNznCYErdmDXP0PPQcPQLMWOkOpxK9HFvHaj4RBIUj4b4raDy0byH8g7IuCknhT7v6pN
lgTYR2D1DSvctjZf1V80RonAtve/Lzg5DRO7rn1H/8o22cmhSxJhmtNCNsNvaBiPBLDAj9nnrCrR
CvxGzJyfkeZFuHOGoVYZAAAAAAAA

`),
};

/** A professional newsletter as a mass-mailing service sends it (Brevo/Sendinblue shape): CSS in the head's
 *  <style>, inline styles on every table cell, a tracking pixel, a link with an onclick — read in the
 *  reader and printed without one CSP report in the app page (issue 20 point 7). */
export const styledNewsletter: StructureMessage = {
  subject: 'La lettre de l’URPS Médecins – décembre',
  fromName: 'URPS Médecins Libéraux',
  fromAddress: 'lettre@urps-ml-centre.fr',
  bodyText: 'Campagne de vaccination antigrippale : les nouvelles dates',
  raw: bytes(`Return-Path: <bounce-1849-5521@sib.urps-ml-centre.fr>
From: "URPS =?utf-8?q?M=C3=A9decins_Lib=C3=A9raux?=" <lettre@urps-ml-centre.fr>
To: <bob.durand@test.mssante.fr>
Subject: =?utf-8?q?La_lettre_de_l=E2=80=99URPS_M=C3=A9decins_=E2=80=93_d=C3=A9cembre?=
Date: Tue, 03 Dec 2024 08:00:12 +0000
Message-ID: <202412030800.77812345601@smtp-relay.sendinblue.com>
List-Unsubscribe: <https://r.urps-ml-centre.fr/unsub/5521>
X-Mailer: Sendinblue
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="----=_Part_77812_5521.1733212812"

------=_Part_77812_5521.1733212812
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Campagne de vaccination antigrippale : les nouvelles dates
------=_Part_77812_5521.1733212812
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: quoted-printable

<!DOCTYPE html><html lang=3D"fr"><head><meta charset=3D"utf-8">
<style type=3D"text/css">
  body { margin: 0; background: #f4f4f4; }
  .titre { font-family: Arial, sans-serif; font-size: 22px; color: #1b4f8a; }
  @media only screen and (max-width: 480px) { .col { display: block !important; width: 100% !important; } }
</style></head>
<body style=3D"margin:0;padding:0;background-color:#f4f4f4;">
<table width=3D"100%" cellpadding=3D"0" cellspacing=3D"0" style=3D"background:#f4f4f4;">
<tr><td align=3D"center" style=3D"padding:20px 0;">
<table width=3D"600" style=3D"background:#ffffff;border-radius:6px;border:1px solid #dddddd;">
<tr><td class=3D"titre" style=3D"padding:24px;font-weight:bold;">Campagne de vaccination antigrippale : les nouvelles dates</td></tr>
<tr><td class=3D"col" style=3D"padding:0 24px 24px;font-family:Arial,sans-serif;font-size:14px;color:#333333;line-height:1.5;">
Ch=C3=A8res cons=C5=93urs, chers confr=C3=A8res, la campagne est prolong=C3=A9e jusqu=E2=80=99au 31 janvier.
<a href=3D"https://r.urps-ml-centre.fr/c/5521/1" onclick=3D"trk(5521)" style=3D"color:#1b4f8a;text-decoration:underline;">Lire la suite</a>
</td></tr></table>
<img src=3D"https://r.urps-ml-centre.fr/o/5521.gif" width=3D"1" height=3D"1" style=3D"display:block;border:0;" alt=3D"">
</td></tr></table>
</body></html>
------=_Part_77812_5521.1733212812--
`),
};

/** The messages of this file, for tests that sync or open them all. */
export const STRUCTURE_CORPUS: Record<string, StructureMessage> = {
  paddedBoundaries, listDigest, textWithoutSubtype, damagedBase64, cutUtf8Name, deliveryReport, meetingRequest, smimeEncrypted,
  smimeOpaqueSigned, smimeOpaqueSignedBer, styledNewsletter,
};
