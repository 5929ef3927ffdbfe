// The IMAP server settings of a configured BAL as the sync engine and the rights check connect to it.
import type { ImapServerConfig } from '../sync/types';
import type { StoredAccount } from './accounts-file';
import type { RuntimeConfig } from './runtime-config';

export function imapServerOf(account: StoredAccount, runtime: RuntimeConfig): ImapServerConfig {
  return {
    host: account.config.imap.host,
    port: account.config.imap.port,
    security: account.config.imap.security,
    // Configured roots (IGC-Santé, or the sandbox CA); none: the system store.
    caPem: runtime.extraCa.length > 0 ? runtime.extraCa.map((b) => b.toString('utf8')) : undefined,
  };
}
