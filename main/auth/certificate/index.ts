export { CertificateAuthError, type CertificateErrorCode } from './errors';
export { importPkcs12, inspectPkcs12, loadImportedPkcs12, type ImportedCertificate, type SoftwareCertificateInfo } from './pkcs12';
export { checkExternalLogin, type ExternalLoginOptions, type ExternalLoginResult } from './sasl-external';
