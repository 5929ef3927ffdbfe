import { describe, expect, it } from 'vitest';
import { findKnownOperator, knownOperatorConfig, loadKnownOperators, type KnownOperator } from '../../../main/autoconfig/known-operators';
import { parseAddress } from '../../../main/autoconfig/policy';

describe('known operators table', () => {
  it('loads and validates data/known-operators.json', () => {
    const table = loadKnownOperators();
    expect(table.length).toBeGreaterThan(0);
    const op = findKnownOperator('medecin.mssante.fr', table, false);
    expect(op?.id).toBe('mailiz');
    const cfg = knownOperatorConfig(op!, parseAddress('jean.dupont@medecin.mssante.fr'));
    expect(cfg.imap).toMatchObject({ port: 143, security: 'starttls', username: 'jean.dupont@medecin.mssante.fr', auth: 'oauth2' });
    expect(cfg.smtp).toMatchObject({ port: 587, security: 'starttls' });
  });

  it('hides test-only operators outside test mode', () => {
    const op = { ...loadKnownOperators()[0]!, id: 'sandbox', testOnly: true, domains: ['test.mssante.fr'] } satisfies KnownOperator;
    expect(findKnownOperator('test.mssante.fr', [op], false)).toBeUndefined();
    expect(findKnownOperator('test.mssante.fr', [op], true)?.id).toBe('sandbox');
  });
});
