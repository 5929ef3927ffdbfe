// Messages shaped like the ones real mailboxes hold (old clients, gateways, scanners, Outlook), one per
// class of issue 20, written byte for byte: 8-bit header bytes are written as latin-1 characters and
// turned into those exact bytes (`bytes()`), never re-encoded. Used by the unit, integration and e2e tests.

/** The exact bytes of a message written with \n line ends and latin-1 characters for raw bytes. */
export function bytes(s: string): Buffer {
  return Buffer.from(s.replace(/\r?\n/g, '\r\n'), 'latin1');
}

/** UTF-8 text as the latin-1 characters of its bytes (to write raw UTF-8 into a `bytes()` message). */
export function u8(s: string): string {
  return Buffer.from(s, 'utf8').toString('latin1');
}

export interface CorpusMessage {
  /** What the reader must show. */
  subject: string;
  fromName?: string | null;
  fromAddress?: string;
  raw: Buffer;
}

/** Outlook Express 6 on a French Windows: latin-1 headers without encoded words, 8bit body. */
export const latin1Headers: CorpusMessage = {
  subject: "Résultats d'analyse de Mme Bérénice Lefèvre",
  fromName: 'Hélène Dupré',
  fromAddress: 'h.dupre@labo-val-de-loire.fr',
  raw: bytes(`Return-Path: <h.dupre@labo-val-de-loire.fr>
Received: from PCACCUEIL ([10.0.0.12]) by smtp.labo-val-de-loire.fr with ESMTP; Mon, 3 Jun 2024 10:12:44 +0200
Message-ID: <000801c7a1b2$5e3f1a20$0c00000a@PCACCUEIL>
From: "H\xe9l\xe8ne Dupr\xe9" <h.dupre@labo-val-de-loire.fr>
To: "Dr Bob Durand" <bob.durand@test.mssante.fr>
Subject: R\xe9sultats d'analyse de Mme B\xe9r\xe9nice Lef\xe8vre
Date: Mon, 3 Jun 2024 10:12:40 +0200
MIME-Version: 1.0
Content-Type: text/plain;
\tcharset="iso-8859-1"
Content-Transfer-Encoding: 8bit
X-Priority: 3
X-MSMail-Priority: Normal
X-Mailer: Microsoft Outlook Express 6.00.2900.5931

Bonjour Docteur,

Veuillez trouver ci-joint les r\xe9sultats de l'h\xe9mogramme de Mme Lef\xe8vre.

Cordialement,
H\xe9l\xe8ne Dupr\xe9
`),
};

/** A webmail that put raw windows-1252 bytes inside its encoded words (and a curly apostrophe, 0x92). */
export const strayBytesInEncodedWords: CorpusMessage = {
  subject: 'Formação Verão : l’équipe du cabinet',
  fromName: 'Cabinet São José',
  fromAddress: 'secretariat@cabinet-sao-jose.fr',
  raw: bytes(`Message-ID: <5f2c.1a@webmail.cabinet-sao-jose.fr>
Date: Tue, 04 Jun 2024 16:05:10 +0200
From: =?ISO-8859-1?Q?Cabinet_S\xe3o_Jos\xe9?= <secretariat@cabinet-sao-jose.fr>
To: bob.durand@test.mssante.fr
Subject: =?windows-1252?Q?Forma\xe7\xe3o_Ver\xe3o_:_l\x92=E9quipe_du_cabinet?=
MIME-Version: 1.0
Content-Type: text/plain; charset=windows-1252
Content-Transfer-Encoding: quoted-printable

Bonjour, la formation d'=E9t=E9 aura lieu le 12 juillet.
`),
};

/** RFC 6532 style: raw UTF-8 in the headers, no MIME charset on a multipart. */
export const rawUtf8Headers: CorpusMessage = {
  subject: 'Formação Verão — compte rendu',
  fromName: 'João Araújo',
  fromAddress: 'joao.araujo@test.mssante.fr',
  raw: bytes(`Message-ID: <utf8-raw-1@test.mssante.fr>
Date: Wed, 05 Jun 2024 09:00:00 +0200
From: ${u8('João Araújo')} <joao.araujo@test.mssante.fr>
To: bob.durand@test.mssante.fr
Subject: ${u8('Formação Verão — compte rendu')}
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="=-utf8-b"

--=-utf8-b
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

${u8('Compte rendu de la formation d’été.')}
--=-utf8-b--
`),
};

/** A fax gateway with its clock reset: dated at the epoch, in a zone nobody can read. */
export const epochDate: CorpusMessage = {
  subject: 'Fax recu de 0238123456',
  fromName: 'Passerelle Fax',
  fromAddress: 'fax@cabinet-des-lilas.fr',
  raw: bytes(`Message-ID: <fax.0@gw.cabinet-des-lilas.fr>
Date: Thu, 01 Jan 1970 00:00:00 +0000
From: Passerelle Fax <fax@cabinet-des-lilas.fr>
To: bob.durand@test.mssante.fr
Subject: Fax recu de 0238123456

1 page recue.
`),
};

export const before1970: CorpusMessage = {
  subject: 'Archive 1969 : dossier de M. Martin',
  fromName: null,
  fromAddress: 'archives@chu-exemple.fr',
  raw: bytes(`Message-ID: <arch.1969@chu-exemple.fr>
Date: Sun, 20 Jul 1969 20:17:40 +0000
From: archives@chu-exemple.fr
To: bob.durand@test.mssante.fr
Subject: Archive 1969 : dossier de M. Martin

Dossier numerise.
`),
};

/** RFC 822 military zones written wrongly by an old gateway ("H0500"). */
export const unreadableZone: CorpusMessage = {
  subject: 'Rappel de vaccination',
  fromName: 'Centre de vaccination',
  fromAddress: 'vaccination@ville-exemple.fr',
  raw: bytes(`Message-ID: <vacc.97@ville-exemple.fr>
Date: Fri, 21 Nov 1997 09:55:06 H0500
From: Centre de vaccination <vaccination@ville-exemple.fr>
To: bob.durand@test.mssante.fr
Subject: Rappel de vaccination

Rappel.
`),
};

/** Two Subject lines (a list manager added its own) and an undisclosed recipient group. */
export const twoSubjectsAndGroup: CorpusMessage = {
  subject: 'Compte rendu opératoire',
  fromName: 'Dr Alice Martin',
  fromAddress: 'alice.martin@test.mssante.fr',
  raw: bytes(`Message-ID: <two-subjects@test.mssante.fr>
Date: Thu, 06 Jun 2024 11:00:00 +0200
From: Dr Alice Martin <alice.martin@test.mssante.fr>
To: undisclosed-recipients:;
Subject: =?utf-8?Q?Compte_rendu_op=C3=A9ratoire?=
Subject: [liste] autre sujet
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Voir le compte rendu.
`),
};

/** A scanner behind an old Exchange gateway: the attachment's Content-Type lost its type. */
export const emptyContentType: CorpusMessage = {
  subject: 'Document numerise',
  fromName: 'Scanner RDC',
  fromAddress: 'scanner@cabinet-des-lilas.fr',
  raw: bytes(`Return-Path: <scanner@cabinet-des-lilas.fr>
From: "Scanner RDC" <scanner@cabinet-des-lilas.fr>
To: bob.durand@test.mssante.fr
Subject: Document numerise
Date: Tue, 12 Mar 2019 08:14:01 +0100
Message-ID: <20190312081401.4711@scan01>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="----=_NextPart_000_0012_01D4D8A1"

This is a multi-part message in MIME format.

------=_NextPart_000_0012_01D4D8A1
Content-Type: text/plain; charset="us-ascii"
Content-Transfer-Encoding: 7bit

Document numerise le 12/03/2019 a 08:14.

------=_NextPart_000_0012_01D4D8A1
Content-Type: ; name="scan_0001.pdf"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="scan_0001.pdf"

JVBERi0xLjQKJcOkw7zDtsOfCjIgMCBvYmoKPDwvTGVuZ3RoIDMgMCBSPj4Kc3RyZWFtCg==

------=_NextPart_000_0012_01D4D8A1--
`),
};

/** Every message of the corpus, for tests that sync or open them all. */
export const CORPUS: Record<string, CorpusMessage> = {
  latin1Headers, strayBytesInEncodedWords, rawUtf8Headers, epochDate, before1970, unreadableZone, twoSubjectsAndGroup, emptyContentType,
};
