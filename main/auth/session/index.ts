export { SessionManager, type SessionState, type SessionManagerOptions, type PscAuthority, type LoginMethod, type LockReason, type CibaLogin, type CodeLogin } from './session-manager';
export { SessionError, type SessionErrorCode } from './errors';
export { DEFAULT_REFRESH_POLICY, refreshAt, refreshDelay, isUsable, retryDelay, type RefreshPolicy, type TokenTimes } from './token-schedule';
export { SingleFlight } from './single-flight';
export { systemClock, type Clock } from './clock';
export { lockOnCardRemoval, unlockWithCard, type CardPresenceSource, type CardUnlockResult, type LockOnCardRemovalOptions } from './card-lock';
