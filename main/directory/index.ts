export { DirectoryService, type DirectoryDeps } from './directory-service';
export { searchFhirDirectory, practitionerHits, type DirectoryHit } from './fhir-client';
