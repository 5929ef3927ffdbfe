// The per-BAL archiving policy (an app setting) as main writes it: checked here, then written by the
// cache's single writer (APP_WRITES.setArchivePolicy); the engine reads it after each sync round.
import { writeArchivePolicy } from '../store/app-writes';
import { POLICY_MAX_DAYS, POLICY_MIN_DAYS } from './policy';

type Policy = { days: number; serverAction: 'expunge' | 'trash' };

/** A policy main may ask the writer to store (RangeError otherwise). */
export function checkArchivePolicy(policy: Policy | null): Policy | null {
  if (policy && (!Number.isInteger(policy.days) || policy.days < POLICY_MIN_DAYS || policy.days > POLICY_MAX_DAYS)) throw new RangeError('days out of range');
  return policy;
}

/** The same, checked and written on a writer of this thread (the engine's tests and harnesses). */
export function setArchivePolicy(...[w, bal, policy, setBy, now]: Parameters<typeof writeArchivePolicy>): void {
  writeArchivePolicy(w, bal, checkArchivePolicy(policy), setBy, now);
}
