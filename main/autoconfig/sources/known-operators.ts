// Source 5: the bundled table of known MSSanté operators.
import { AutoconfigError } from '../errors';
import { findKnownOperator, knownOperatorConfig } from '../known-operators';
import type { Warning } from '../types';
import type { Source } from './source';

export const knownOperatorsSource: Source = {
  id: 'known-operators',
  async run(ctx) {
    const op = findKnownOperator(ctx.address.domain, ctx.knownOperators, ctx.opts.testMode);
    if (!op) throw new AutoconfigError('not-applicable', `Le domaine ${ctx.address.domain} n'est pas dans la table des opérateurs connus.`);
    const warnings: Warning[] = [];
    if (!op.verified) {
      warnings.push({
        code: 'known-operator-unverified',
        message: `Réglages tirés de la table des opérateurs connus (${op.name}), non confirmés par l'opérateur : vérifiez-les avec lui si la connexion échoue.`,
      });
    }
    return { config: knownOperatorConfig(op, ctx.address), warnings };
  },
};
