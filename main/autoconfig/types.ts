// Public types and zod schemas of the autoconfiguration result. The settings store saves AccountConfig.
import { z } from 'zod';
import type { TrustList } from './trust-list';
import type { KnownOperator } from './known-operators';
import type { RevocationConfig } from '../net/revocation';

export const SecuritySchema = z.enum(['starttls', 'tls']);
export const AuthMethodSchema = z.enum(['oauth2', 'password', 'external']);
export const PscFlowSchema = z.enum(['ciba-card', 'ciba-mobile', 'authorization-code']);

export const ServerConfigSchema = z.object({
  host: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65535),
  security: SecuritySchema,
  /** Login user; for MSSanté the BAL address (placeholders already expanded). */
  username: z.string().min(1),
  /** Preferred mechanism: oauth2 = SASL XOAUTH2 with a PSC token. */
  auth: AuthMethodSchema,
  /** Every supported mechanism the operator listed, preferred first. */
  authMethods: z.array(AuthMethodSchema).optional(),
});

const httpsUrl = z.url({ protocol: /^https$/ });

export const PscConfigSchema = z.object({
  issuer: httpsUrl,
  discoveryUrl: httpsUrl.optional(),
  clientId: z.string().min(1).optional(),
  flows: z.array(PscFlowSchema).min(1),
  scope: z.string().min(1).default('openid scope_all'),
  acrValues: z.string().min(1).default('eidas1'),
  /** From Thunderbird's oAuth2 block, when present (informative: endpoints come from discovery). */
  authUrl: httpsUrl.optional(),
  tokenUrl: httpsUrl.optional(),
});

export const CertificateAuthSchema = z.object({
  host: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65535),
  security: SecuritySchema,
  mechanism: z.literal('EXTERNAL'),
});

export const AccountConfigSchema = z.object({
  address: z.string().min(3),
  displayName: z.string().optional(),
  imap: ServerConfigSchema,
  smtp: ServerConfigSchema,
  psc: PscConfigSchema.optional(),
  certificateAuth: CertificateAuthSchema.optional(),
  balListingUrl: httpsUrl.optional(),
  cguUrl: httpsUrl.optional(),
  connectionCap: z.number().int().min(1).max(1000).default(10),
  nilRequired: z.boolean().optional(),
  /** Servers outside the BAL's domain that the person confirmed by name at setup (host policy). */
  confirmedHosts: z.array(z.string().min(1).max(253)).max(8).optional(),
});

export type Security = z.infer<typeof SecuritySchema>;
export type AuthMethod = z.infer<typeof AuthMethodSchema>;
export type PscFlow = z.infer<typeof PscFlowSchema>;
export type ServerConfig = z.infer<typeof ServerConfigSchema>;
export type PscConfig = z.infer<typeof PscConfigSchema>;
export type CertificateAuth = z.infer<typeof CertificateAuthSchema>;
export type AccountConfig = z.infer<typeof AccountConfigSchema>;

export const SOURCES = ['explicit-url', 'autoconfig-subdomain', 'well-known', 'dns-srv', 'known-operators'] as const;
export type SourceId = (typeof SOURCES)[number];

export interface TriedSource {
  source: SourceId;
  url?: string;
  outcome: 'ok' | 'error' | 'timeout' | 'skipped';
  /** French, for the user. */
  message?: string;
  /** AutoconfigError code when outcome is error/timeout. */
  code?: string;
}

export interface Warning {
  code: string;
  /** French, for the user. */
  message: string;
}

export interface DiscoveryResult {
  source: SourceId;
  /** URL the winning document came from (explicit, subdomain, well-known). */
  url?: string;
  tried: TriedSource[];
  config: AccountConfig;
  warnings: Warning[];
  /** Domain is on the MSSanté trust list. When false the user must acknowledge the warning. */
  trusted: boolean;
  /** Servers outside the BAL's domain and its known operator (host policy): each must be confirmed by name. */
  outsideHosts: string[];
}

/** Network seam: everything that decides where and how the module connects. */
export interface NetOptions {
  /** Allows loopback/private addresses and test-only data (sandbox). */
  testMode: boolean;
  /** Extra trusted roots (PEM or DER), added to the system roots. */
  extraCa?: Buffer[];
  /** false: trust extraCa only (ANS hosts presenting IGC-Santé certificates: the trust-list host). Default true. */
  systemRoots?: boolean;
  /** DNS servers for SRV and A/AAAA lookups, e.g. ['127.0.0.1:10053']. Default: the system resolver. */
  dnsServers?: string[];
  /** Test mode only: maps an https host to a local port (the sandbox serves autoconfig.<domain> on a high port). */
  hostPortMap?: Record<string, number>;
  /** Per request / per source time limit. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** CRL checking of chains leading to the configured roots (main/net/revocation.ts). */
  revocation?: RevocationConfig;
}

export interface DiscoveryOptions extends NetOptions {
  /** Autoconfiguration URL typed or pasted by the user. */
  explicitUrl?: string;
  /** Autoconfiguration URL from the administrator's policy file (tried after explicitUrl). */
  policyUrl?: string;
  /** Defaults to the official copy (plus test domains in test mode). */
  trustList?: TrustList;
  /** Defaults to data/known-operators.json. */
  knownOperators?: KnownOperator[];
  /** Called when a source starts and when it ends. */
  onProgress?(event: { source: SourceId; state: 'started' | TriedSource['outcome']; message?: string }): void;
}

export const DEFAULT_TIMEOUT_MS = 8000;
export const MAX_DOCUMENT_BYTES = 256 * 1024;
export const MAX_REDIRECTS = 3;
