// Which offline explanation the banner shows: the operator's connection cap gets its own (what happened,
// that sync resumes by itself, what the person can do); anything else is plainly "offline".
import type { ConnectivityState } from '../../../../shared/types';

export function offlineMessage(state: ConnectivityState): { key: string; params: { cap?: number } } {
  if (state.reason === 'SERVER_LIMIT') {
    return state.connectionCap ? { key: 'mail.offline.limit', params: { cap: state.connectionCap } } : { key: 'mail.offline.limitNoCap', params: {} };
  }
  // Opened offline (card PIN or local unlock code): no engine runs until PSC answers again.
  if (state.reason === 'PSC_UNREACHABLE') return { key: 'mail.offline.opened', params: {} };
  return { key: 'mail.offline.banner', params: {} };
}
