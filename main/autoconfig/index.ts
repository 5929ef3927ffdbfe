// Public API of the autoconfiguration module (used by the account setup screens and the settings store).
export { discover } from './discover';
export { AutoconfigError, isAutoconfigError, type AutoconfigErrorCode } from './errors';
export { parseClientConfig, defaultPsc, MSS_NAMESPACE } from './parse-client-config';
export { parseAddress, isPrivateAddress, checkHttpsUrl, socketTypeToSecurity } from './policy';
export { fetchHttps, type FetchResult } from './fetch-https';
export { lookupSrv, type SrvLookup, type SrvEndpoint } from './srv';
export {
  loadOfficialTrustList, parseTrustList, refreshTrustList, isDomainTrusted, trustListInfo, trustListLabel, TRUST_LIST_URL, TEST_DOMAINS,
  type TrustList, type TrustListInfo,
} from './trust-list';
export { loadKnownOperators, KnownOperatorSchema, type KnownOperator } from './known-operators';
export * from './types';
export { runDoctor } from './doctor/run-doctor';
export { formatReport } from './doctor/format-report';
export type { DoctorReport, EndpointReport, Check, CheckStatus } from './doctor/report-types';
