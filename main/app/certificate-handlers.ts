// The software certificate calls of the contract over SoftwareCertificates (main/auth/certificate).
import type { Handlers } from '../bridge/dispatcher';
import type { SoftwareCertificates } from '../auth/certificate/software-certificates';

export function createCertificateHandlers(certificates: SoftwareCertificates): Pick<Handlers, 'certificates.import' | 'certificates.get' | 'certificates.remove'> {
  return {
    'certificates.import': (_ctx, { bal, contentBase64, password }) => certificates.import(bal, Buffer.from(contentBase64, 'base64'), password),
    'certificates.get': (_ctx, bal) => certificates.get(bal),
    'certificates.remove': async (_ctx, bal) => ({ removed: await certificates.remove(bal) }),
  };
}
