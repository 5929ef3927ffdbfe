// Names for parts that carry none (pure): what the part is, with the extension a system opens it with —
// an attached message is "message.eml", an invitation "invitation.ics", a delivery report
// "rapport-de-remise.txt" — never "piece-jointe-att:3".

const BY_TYPE: Record<string, string> = {
  'message/rfc822': 'message.eml',
  'message/global': 'message.eml',
  'message/partial': 'message-partiel.eml',
  'text/calendar': 'invitation.ics',
  'application/ics': 'invitation.ics',
  'message/delivery-status': 'rapport-de-remise.txt',
  'message/global-delivery-status': 'rapport-de-remise.txt',
  'message/disposition-notification': 'accuse-de-lecture.txt',
  'message/global-disposition-notification': 'accuse-de-lecture.txt',
  'message/feedback-report': 'signalement.txt',
  'text/rfc822-headers': 'en-tetes.txt',
  'message/global-headers': 'en-tetes.txt',
  'application/pkcs7-signature': 'smime.p7s',
  'application/x-pkcs7-signature': 'smime.p7s',
  'application/pkcs7-mime': 'smime.p7m',
  'application/x-pkcs7-mime': 'smime.p7m',
  'application/ms-tnef': 'winmail.dat',
  'application/vnd.ms-tnef': 'winmail.dat',
  'text/vcard': 'contact.vcf',
  'text/x-vcard': 'contact.vcf',
  'text/directory': 'contact.vcf',
  'application/pgp-signature': 'signature.asc',
  'application/pgp-encrypted': 'chiffrement.asc',
  'text/plain': 'texte.txt',
  'text/html': 'page.html',
  'text/xml': 'document.xml',
  'application/xml': 'document.xml',
  'text/csv': 'tableau.csv',
  'application/pdf': 'document.pdf',
  'application/zip': 'archive.zip',
  'application/msword': 'document.doc',
  'application/rtf': 'document.rtf',
  'text/rtf': 'document.rtf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'document.docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'tableau.xlsx',
  'application/vnd.ms-excel': 'tableau.xls',
  'application/vnd.oasis.opendocument.text': 'document.odt',
  'application/dicom': 'image.dcm',
  'application/hl7-v2': 'message-hl7.hl7',
};

const IMAGE_EXT: Record<string, string> = { jpeg: 'jpg', pjpeg: 'jpg', 'svg+xml': 'svg', 'x-icon': 'ico', 'x-png': 'png' };

/** A meaningful file name for an unnamed part of type `mime`. */
export function defaultPartName(mime: string | null | undefined): string {
  const t = (mime ?? '').trim().toLowerCase().split(';')[0]!.trim();
  const known = BY_TYPE[t];
  if (known) return known;
  const [top, sub = ''] = t.split('/');
  const clean = sub.replace(/^x-/, '').replace(/[^a-z0-9]/g, '');
  if (top === 'image') return `image.${IMAGE_EXT[sub] ?? (clean || 'img')}`;
  if (top === 'audio') return `audio.${clean || 'bin'}`;
  if (top === 'video') return `video.${clean || 'bin'}`;
  if (top === 'message') return 'message.eml';
  if (top === 'text') return `texte.${clean && clean.length <= 5 ? clean : 'txt'}`;
  return 'piece-jointe.bin';
}
