// The parts of an Annuaire Santé FHIR search Bundle we use, validated (unknown fields ignored). BALs live
// on Practitioner, PractitionerRole and Organization telecoms (IG "Annuaire Santé", profile as-mailbox-mss).
import { z } from 'zod';

const coding = z.object({ system: z.string().optional(), code: z.string().optional(), display: z.string().optional() });
const codeable = z.object({ coding: z.array(coding).optional(), text: z.string().optional() });

const innerExtension = z.object({
  url: z.string(),
  valueString: z.string().optional(),
  valueBoolean: z.boolean().optional(),
  valueCodeableConcept: codeable.optional(),
  valueCoding: coding.optional(),
});

/** The FR Core e-mail type (valueCoding) and the mailbox metadata (nested extensions) share this shape. */
const extension = z.object({ url: z.string(), valueCoding: coding.optional(), extension: z.array(innerExtension).optional() });

const telecom = z.array(z.object({ system: z.string().optional(), value: z.string().optional(), use: z.string().optional(), extension: z.array(extension).optional() }));
const address = z.array(z.object({ city: z.string().optional(), postalCode: z.string().optional() }));

export const practitionerSchema = z.object({
  resourceType: z.literal('Practitioner'),
  id: z.string().max(200).optional(),
  active: z.boolean().optional(),
  name: z.array(z.object({ family: z.string().optional(), given: z.array(z.string()).optional(), prefix: z.array(z.string()).optional(), text: z.string().optional() })).optional(),
  telecom: telecom.optional(),
  address: address.optional(),
  qualification: z.array(z.object({ code: codeable.optional() })).optional(),
});
export type FhirPractitioner = z.infer<typeof practitionerSchema>;

export const practitionerRoleSchema = z.object({
  resourceType: z.literal('PractitionerRole'),
  id: z.string().max(200).optional(),
  active: z.boolean().optional(),
  practitioner: z.object({ reference: z.string().optional(), display: z.string().optional() }).optional(),
  code: z.array(codeable).optional(),
  telecom: telecom.optional(),
});
export type FhirPractitionerRole = z.infer<typeof practitionerRoleSchema>;

export const organizationSchema = z.object({
  resourceType: z.literal('Organization'),
  id: z.string().max(200).optional(),
  active: z.boolean().optional(),
  name: z.string().optional(),
  telecom: telecom.optional(),
  address: address.optional(),
});
export type FhirOrganization = z.infer<typeof organizationSchema>;

export const directoryResourceSchema = z.discriminatedUnion('resourceType', [practitionerSchema, practitionerRoleSchema, organizationSchema]);
export type FhirDirectoryResource = z.infer<typeof directoryResourceSchema>;

export const bundleSchema = z.object({
  resourceType: z.literal('Bundle'),
  total: z.number().optional(),
  entry: z.array(z.object({ resource: z.unknown() })).max(1000).optional(),
});
