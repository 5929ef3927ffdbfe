// Confirms a person's right on a BAL the only way that counts: a real IMAP login with the person's
// token and the BAL address as XOAUTH2 user. The operator decides; we record its answer.
import { AuthFailedError, connectImap } from '../sync/connection';
import type { CredentialsProvider, ImapServerConfig } from '../sync/types';

export type RightCheck =
  | { ok: true }
  | { ok: false; reason: 'no-rights' | 'cgu-required'; serverText: string | null }
  | { ok: false; reason: 'unreachable'; serverText: null };

/** Words operators use when terms of use must be accepted before a co-holder or delegate's first use. */
const CGU_PATTERN = /\bCGU\b|conditions g[ée]n[ée]rales|terms of use/i;

function serverTextOf(err: unknown): string | null {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const text = (e as { responseText?: unknown; response?: unknown }).responseText ?? (e as { response?: unknown }).response;
    if (typeof text === 'string' && text.length > 0) return text.slice(0, 300);
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

export async function checkBalRight(bal: string, server: ImapServerConfig, credentials: CredentialsProvider): Promise<RightCheck> {
  try {
    const client = await connectImap(bal, server, credentials, { socketTimeoutMs: 30_000 });
    await client.logout().catch(() => client.close());
    return { ok: true };
  } catch (err) {
    if (err instanceof AuthFailedError) {
      const text = serverTextOf(err);
      return { ok: false, reason: text && CGU_PATTERN.test(text) ? 'cgu-required' : 'no-rights', serverText: text };
    }
    return { ok: false, reason: 'unreachable', serverText: null };
  }
}
