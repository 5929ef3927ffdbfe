// Table of known MSSanté operators (data/known-operators.json): last-resort source.
import fs from 'node:fs';
import { z } from 'zod';
import { dataFile } from './data-dir';
import { expandPlaceholders } from './placeholders';
import type { ParsedAddress } from './policy';
import { AccountConfigSchema, PscConfigSchema, ServerConfigSchema, type AccountConfig } from './types';

export const KnownOperatorSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  /** false: host names are assumptions; the user is warned. */
  verified: z.boolean().default(false),
  /** Only offered in test mode (sandbox operators). */
  testOnly: z.boolean().optional(),
  domains: z.array(z.string().min(3)).min(1),
  /** Domains its servers live under (host policy); default: its IMAP and SMTP host names. */
  serverDomains: z.array(z.string().min(3)).optional(),
  imap: ServerConfigSchema,
  smtp: ServerConfigSchema,
  psc: PscConfigSchema.optional(),
  connectionCap: z.number().int().min(1).optional(),
  nilRequired: z.boolean().optional(),
});
export type KnownOperator = z.infer<typeof KnownOperatorSchema>;

const FileSchema = z.object({ version: z.literal(1), operators: z.array(KnownOperatorSchema) });

export function loadKnownOperators(file = dataFile('known-operators.json')): KnownOperator[] {
  return FileSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8'))).operators;
}

export function findKnownOperator(domain: string, table: KnownOperator[], testMode: boolean): KnownOperator | undefined {
  return table.find((op) => (testMode || !op.testOnly) && op.domains.some((d) => d.toLowerCase() === domain));
}

export function knownOperatorConfig(op: KnownOperator, a: ParsedAddress): AccountConfig {
  const server = (s: KnownOperator['imap']) => ({ ...s, host: expandPlaceholders(s.host, a), username: expandPlaceholders(s.username, a) });
  return AccountConfigSchema.parse({
    address: a.address,
    displayName: op.name,
    imap: server(op.imap),
    smtp: server(op.smtp),
    psc: op.psc,
    connectionCap: op.connectionCap ?? 10,
    nilRequired: op.nilRequired,
  });
}
