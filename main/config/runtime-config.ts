// Where the app's network trust and operator test settings come from. In production: system roots plus
// the bundled IGC-Santé roots, the system resolver, no test mode. For the sandbox operator (tests, demo)
// a JSON file named by MSS_NET_CONFIG adds its CA, its DNS server and its port map, and turns test mode on.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { RevocationConfig } from '../net/revocation';
import { log } from '../log';
import { bundledRootsDir, loadBundledRoots, splitPemCertificates } from '../net/roots';

const fileSchema = z
  .object({
    testMode: z.boolean().default(false),
    extraCaFiles: z.array(z.string()).default([]),
    /** CRL files of those CAs (PEM or DER), used with the CRL distribution points of the certificates. */
    crlFiles: z.array(z.string()).default([]),
    /** How long after its nextUpdate the last good CRL is still accepted (hours; default 0: "dernière CRL non expirée"). */
    crlGraceHours: z.number().min(0).max(24 * 30).optional(),
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
    /** Where the MSSanté trust list is refreshed from (default: ANS's URL in production, none in test mode), and its published SHA-256. */
    trustList: z.object({ url: z.string().regex(/^https:\/\//), checksumUrl: z.string().regex(/^https:\/\//).optional() }).optional(),
    /** An autoconfiguration URL given by the administrator's policy. */
    policyAutoconfigUrl: z.string().optional(),
  })
  .strict();

export type RuntimeConfigFile = z.infer<typeof fileSchema>;

export interface RuntimeConfig extends Omit<RuntimeConfigFile, 'extraCaFiles' | 'crlFiles'> {
  /** The configured roots: the file's CAs (sandbox), else (outside test mode) the IGC-Santé CAs (main/net/roots.ts). */
  extraCa: Buffer[];
  /** Absolute paths. */
  crlFiles?: string[];
  /** Set by the composition root (withRevocation): the CRL check of chains anchored on extraCa. */
  revocation?: RevocationConfig;
  source: string | null;
}

/** The IGC-Santé certificates of production; their absence is said (the OS store alone trusts no operator). */
function productionRoots(): Buffer[] {
  const roots = loadBundledRoots();
  if (roots.length === 0) log.warn('net.igc-sante-roots-missing', { dir: bundledRootsDir() ?? 'none' });
  return roots;
}

export function loadRuntimeConfig(file = process.env.MSS_NET_CONFIG): RuntimeConfig {
  if (!file) return { testMode: false, extraCa: productionRoots(), source: null };
  const parsed = fileSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  const base = path.dirname(file);
  const configured = parsed.extraCaFiles.map((f) => fs.readFileSync(path.resolve(base, f)));
  // Test mode never trusts the production CAs: its servers are the sandbox's, under the sandbox CA only.
  const extraCa = configured.length > 0 || parsed.testMode ? configured : productionRoots();
  const crlFiles = parsed.crlFiles.map((f) => path.resolve(base, f));
  const { extraCaFiles: _files, crlFiles: _crls, ...rest } = parsed;
  return { ...rest, extraCa, crlFiles, source: file };
}

/**
 * Revocation checking of chains anchored on the configured roots, the last good CRLs kept under
 * <profile>/crl. No configured root: nothing to check (system roots are not checked, as by the OS).
 */
export function revocationConfigOf(runtime: RuntimeConfig, profileDir: string): RevocationConfig | undefined {
  const anchorsPem = runtime.extraCa.flatMap((b) => {
    const text = b.toString('utf8');
    if (text.includes('-----BEGIN CERTIFICATE-----')) return splitPemCertificates(text);
    try {
      return [new crypto.X509Certificate(b).toString()]; // DER
    } catch {
      return [];
    }
  });
  if (anchorsPem.length === 0) return undefined;
  return {
    anchorsPem,
    crlFiles: runtime.crlFiles ?? [],
    cacheDir: path.join(profileDir, 'crl'),
    ...(runtime.crlGraceHours !== undefined ? { graceMs: runtime.crlGraceHours * 3600_000 } : {}),
  };
}

/** The runtime configuration with its revocation settings for this profile. */
export function withRevocation(runtime: RuntimeConfig, profileDir: string): RuntimeConfig {
  if (runtime.revocation) return runtime;
  const revocation = revocationConfigOf(runtime, profileDir);
  return revocation ? { ...runtime, revocation } : runtime;
}
