// CSV export of the audit trail (what was done, by whom, on which BAL; never message content).
import type { AuditEntry } from './types';

export interface AuditCsvOptions {
  /** ';' (default, what French spreadsheet software expects) or ','. */
  separator?: ';' | ',';
  /** Prepend a UTF-8 BOM so spreadsheets detect the encoding. Default true. */
  bom?: boolean;
}

const HEADER = ['id', 'horodatage', 'idnat', 'bal', 'action', 'cible', 'resultat', 'detail'];

export function auditToCsv(entries: readonly AuditEntry[], options: AuditCsvOptions = {}): string {
  const sep = options.separator ?? ';';
  const lines = [HEADER.join(sep)];
  for (const e of entries) {
    lines.push(
      [
        String(e.id),
        new Date(e.at).toISOString(),
        e.idnat,
        e.bal,
        e.action,
        e.target ?? '',
        e.result,
        e.detail ? JSON.stringify(e.detail) : '',
      ]
        .map((v) => csvField(v, sep))
        .join(sep),
    );
  }
  return (options.bom === false ? '' : '\uFEFF') + lines.join('\r\n') + '\r\n';
}

/** Quotes when needed; neutralizes spreadsheet formulas (=, +, -, @ at the start). */
export function csvField(value: string, sep: string): string {
  let v = value;
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  if (v.includes(sep) || /["\r\n]/.test(v) || v !== v.trim()) v = `"${v.replace(/"/g, '""')}"`;
  return v;
}
