// HL7 dates of XDM metadata ("19750312", "20260312143200+0100") or ISO dates, shown in French.
export function parseXdmDate(value: string): Date | null {
  const v = value.trim();
  const hl7 = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?/.exec(v);
  if (hl7 && !v.includes('-')) {
    const [, y, mo, d, h, mi] = hl7;
    return new Date(Number(y), Number(mo) - 1, Number(d), h ? Number(h) : 0, mi ? Number(mi) : 0);
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (iso) return new Date(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3]));
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function formatXdmDate(value: string, lang: string): string {
  const d = parseXdmDate(value);
  if (!d) return value;
  return d.toLocaleDateString(lang === 'en' ? 'en-GB' : 'fr-FR', { day: '2-digit', month: '2-digit', year: 'numeric' });
}
