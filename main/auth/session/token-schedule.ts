// When to refresh an access token, and whether one is still usable. Pure arithmetic on ms timestamps.

export interface RefreshPolicy {
  /** Refresh once this fraction of the lifetime has passed. Default 0.8. */
  lifetimeRatio: number;
  /** ...or this long before expiry, whichever comes first. Default 60 s. */
  marginMs: number;
  /** Never schedule sooner than this after obtaining a token (avoids refresh storms). Default 5 s. */
  minDelayMs: number;
  /** A token this close to expiry is not handed out for a new connection. Default 15 s. */
  usableSkewMs: number;
}

export const DEFAULT_REFRESH_POLICY: RefreshPolicy = {
  lifetimeRatio: 0.8,
  marginMs: 60_000,
  minDelayMs: 5_000,
  usableSkewMs: 15_000,
};

export interface TokenTimes {
  obtainedAt: number;
  expiresAt: number;
}

/** The instant at which a refresh should start (ms since epoch). */
export function refreshAt(token: TokenTimes, policy: RefreshPolicy = DEFAULT_REFRESH_POLICY): number {
  const lifetime = Math.max(0, token.expiresAt - token.obtainedAt);
  const byRatio = token.obtainedAt + lifetime * policy.lifetimeRatio;
  const byMargin = token.expiresAt - policy.marginMs;
  // For short lifetimes the margin would land before the token was even received: use the ratio then.
  const at = byMargin > token.obtainedAt ? Math.min(byRatio, byMargin) : byRatio;
  return Math.max(at, Math.min(token.obtainedAt + policy.minDelayMs, token.expiresAt));
}

/** Delay from `now` until the refresh should start (0 when overdue). */
export function refreshDelay(token: TokenTimes, now: number, policy: RefreshPolicy = DEFAULT_REFRESH_POLICY): number {
  return Math.max(0, refreshAt(token, policy) - now);
}

/** Whether the token may still be handed to a new IMAP/SMTP connection. */
export function isUsable(token: TokenTimes, now: number, policy: RefreshPolicy = DEFAULT_REFRESH_POLICY): boolean {
  const lifetime = token.expiresAt - token.obtainedAt;
  // Short-lived tokens (tests) get a proportionate skew.
  const skew = Math.min(policy.usableSkewMs, lifetime / 4);
  return now < token.expiresAt - skew;
}

/** Backoff before retrying a refresh that failed for a network reason: 5, 10, 20, 40, 60, 60... s. */
export function retryDelay(attempt: number): number {
  return Math.min(60_000, 5_000 * 2 ** Math.max(0, attempt));
}
