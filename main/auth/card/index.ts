// CPS card (PKCS#11 via Cryptolib CPS): public surface for the rest of main/.
export { CardService, type CardServiceOptions, type CardServiceEvents } from './card-service';
export { CARD_MESSAGES_FR, CARD_REASONS, CardError, cardMessage, type CardReason } from './messages';
export { DEFAULT_MODULE_PATHS, defaultModulePaths, resolveModulePath } from './module-path';
export { pinStatusFromFlags, triesLeftHint, type PinStatus, type PinTriesState } from './pin-status';
export { identityFromCertificate, identityFromSubject, parseDistinguishedName, type CertificateIdentity, type SubjectIdentity } from './identity';
export type * from './types';
