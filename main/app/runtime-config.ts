// Where the app's network trust and operator test settings come from. In production: system roots plus
// the bundled IGC-Santé roots, the system resolver, no test mode. For the sandbox operator (tests, demo)
// a JSON file named by MSS_NET_CONFIG adds its CA, its DNS server and its port map, and turns test mode on.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const fileSchema = z
  .object({
    testMode: z.boolean().default(false),
    extraCaFiles: z.array(z.string()).default([]),
    dnsServers: z.array(z.string()).optional(),
    hostPortMap: z.record(z.string(), z.number().int().min(1).max(65535)).optional(),
    /** PSC client registration of this LPS at the operator's PSC (client_secret_basic). */
    pscClient: z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1) }).optional(),
    /** PKCS#11 module of the card reader (defaults per OS to Cryptolib CPS). */
    cardModule: z.string().optional(),
    /** Environment the PKCS#11 module needs (e.g. SOFTHSM2_CONF for the sandbox card). */
    cardEnv: z.record(z.string(), z.string()).optional(),
    /**
     * Sandbox only: where the card signs its CIBA "CARD" channel approval (how a real PSC reaches the
     * card is not public; in production PSC handles that channel itself and the app only polls).
     */
    cardCibaProofUrl: z.string().optional(),
    /** Annuaire Santé endpoint and key provided by the installation (the sandbox's FHIR fixture). */
    directory: z.object({ url: z.string().regex(/^https:\/\//), apiKey: z.string().min(1) }).optional(),
    /** An autoconfiguration URL given by the administrator's policy. */
    policyAutoconfigUrl: z.string().optional(),
  })
  .strict();

export type RuntimeConfigFile = z.infer<typeof fileSchema>;

export interface RuntimeConfig extends Omit<RuntimeConfigFile, 'extraCaFiles'> {
  extraCa: Buffer[];
  source: string | null;
}

export function loadRuntimeConfig(file = process.env.MSS_NET_CONFIG): RuntimeConfig {
  if (!file) return { testMode: false, extraCa: [], source: null };
  const parsed = fileSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  const base = path.dirname(file);
  const extraCa = parsed.extraCaFiles.map((f) => fs.readFileSync(path.resolve(base, f)));
  const { extraCaFiles: _files, ...rest } = parsed;
  return { ...rest, extraCa, source: file };
}
