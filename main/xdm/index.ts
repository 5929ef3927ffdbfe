export { inspectXdm, xdmDocument, xdmHeaders, openXdmPackage, xdmView, isXdmAttachmentName, METADATA_PATH } from './xdm-package';
export { readZipSafely, isSafeEntryName, DEFAULT_ZIP_LIMITS, type ZipLimits } from './safe-zip';
export { parseXdmMetadata, parseCx, INS_OIDS } from './metadata';
export { renderCdaHtml, escapeHtml } from './cda-render';
export { XdmError } from './errors';
