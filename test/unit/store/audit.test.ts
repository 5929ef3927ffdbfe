import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csvField } from '../../../main/store/audit-csv';
import { makeStore, type TestStore } from './helpers';

let s: TestStore;
beforeEach(() => (s = makeStore()));
afterEach(() => s.close());

const entry = {
  idnat: '810001234567',
  bal: 'cabinet.saint-roch@test.mssante.fr',
  action: 'message.send',
  target: '<abc@test.mssante.fr>',
  result: 'ok' as const,
};

describe('audit trail', () => {
  it('is append-only even with raw SQL on the writer connection', () => {
    const id = s.writer.appendAudit(entry);
    const db = s.writer['db'];
    expect(() => db.prepare('UPDATE audit SET result = ? WHERE id = ?').run('error', id)).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
    expect(() => db.prepare('INSERT OR REPLACE INTO audit(id, at, idnat, bal, action, result) VALUES (?, 0, 1, 1, 1, ?)').run(id, 'ok')).toThrow(/append-only/);
    expect(s.reader.listAudit()).toMatchObject([{ id, ...entry }]);
  });

  it('refuses content-like detail keys and long values', () => {
    expect(() => s.writer.appendAudit({ ...entry, detail: { subject: 'Résultats de M. X' } })).toThrow(/not allowed/);
    expect(() => s.writer.appendAudit({ ...entry, detail: { body: 'x' } })).toThrow(/not allowed/);
    expect(() => s.writer.appendAudit({ ...entry, detail: { note: 'x'.repeat(201) } })).toThrow(/too long/);
    s.writer.appendAudit({ ...entry, detail: { recipients: 2, dsn: true } });
    expect(s.reader.listAudit()[0]!.detail).toEqual({ recipients: 2, dsn: true });
  });

  it('exports CSV (French separator, BOM, quoting, formula neutralized), filtered by BAL and time', () => {
    s.writer.appendAudit({ ...entry, detail: { recipients: 1 } });
    s.writer.appendAudit({ ...entry, bal: 'alice.martin@test.mssante.fr', action: 'folder.open', target: '=HYPERLINK("x")', result: 'denied' });
    const csv = s.reader.exportAuditCsv({ bal: 'alice.martin@test.mssante.fr' });
    const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(lines[0]).toBe('id;horodatage;idnat;bal;action;cible;resultat;detail');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^2;\d{4}-\d\d-\d\dT.*Z;810001234567;alice\.martin@test\.mssante\.fr;folder\.open;"'=HYPERLINK\(""x""\)";denied;$/);
    expect(s.reader.exportAuditCsv({}, { separator: ',', bom: false }).split('\r\n')[1]).toContain(',"{""recipients"":1}"');
    expect(s.reader.exportAuditCsv({ from: Date.now() + 60_000 }).trimEnd().split('\r\n')).toHaveLength(1);
    expect(csvField('a;b', ';')).toBe('"a;b"');
    expect(csvField('@SUM(1)', ',')).toBe("'@SUM(1)");
  });
});
