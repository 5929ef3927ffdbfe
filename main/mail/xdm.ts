// XDM document mails (MSSanté): the subject starts with `XDM/1.0/DDM+`; the reader hides that prefix.
const XDM_PREFIX = /^\s*XDM\/1\.0\/DDM\+\s*/i;

export function stripXdmPrefix(subject: string | null | undefined): { subject: string; isXdm: boolean } {
  const s = subject ?? '';
  const m = XDM_PREFIX.exec(s);
  return m ? { subject: s.slice(m[0].length).trim(), isXdm: true } : { subject: s.trim(), isXdm: false };
}

/** MSSanté headers that mark a health document (CDA codes / INS), even when the subject has no prefix. */
export function hasHealthDocumentHeaders(mss: Record<string, string>): boolean {
  return Object.keys(mss).some((k) => /^x-mss-(codecda|ins)$/i.test(k));
}
