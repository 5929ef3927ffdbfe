// The IMAP server settings of a configured BAL as the sync engine and the rights check connect to it.
import { assertConfigHosts } from '../autoconfig/host-policy';
import type { ImapServerConfig } from '../sync/types';
import type { StoredAccount } from './accounts-file';
import type { RuntimeConfig } from '../config/runtime-config';

/**
 * `withCertificate`: the BAL logs in with its software certificate, on the operator's certificate
 * listener (mss:certificateAuth of the autoconfiguration) when it announced one.
 */
export function imapServerOf(account: StoredAccount, runtime: RuntimeConfig, withCertificate = false): ImapServerConfig {
  const certListener = withCertificate ? account.config.certificateAuth : undefined;
  const host = certListener?.host ?? account.config.imap.host;
  // The host policy again before any connection: outside the BAL's domain only if confirmed by name.
  assertConfigHosts(account.config, host, { testMode: runtime.testMode });
  return {
    host,
    port: certListener?.port ?? account.config.imap.port,
    security: certListener?.security ?? account.config.imap.security,
    // Configured roots (IGC-Santé, or the sandbox CA); none: the system store.
    caPem: runtime.extraCa.length > 0 ? runtime.extraCa.map((b) => b.toString('utf8')) : undefined,
    ...(runtime.revocation ? { revocation: runtime.revocation } : {}),
  };
}
