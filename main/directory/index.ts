export { DirectoryService, type DirectoryDeps } from './directory-service';
export { searchFhirDirectory, practitionerHits, practitionerRoleHits, organizationHits, type DirectoryHit } from './fhir-client';
