import type { DiscoveryResult } from '../types';
import type { TlsInfo } from './wire';

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface Check {
  id: string;
  /** French. */
  label: string;
  status: CheckStatus;
  /** French. */
  detail: string;
}

export interface EndpointReport {
  kind: 'imap' | 'smtp' | 'imap-certificate' | 'psc' | 'web';
  /** host:port or URL. */
  target: string;
  checks: Check[];
  tls?: TlsInfo;
  /** Advertised SASL mechanisms after TLS. */
  mechanisms?: string[];
}

export interface DoctorReport {
  address: string;
  date: string;
  discovery?: DiscoveryResult;
  discoveryError?: { code: string; message: string; tried?: unknown };
  endpoints: EndpointReport[];
  /** No failed check. */
  ok: boolean;
}
