// The parts of an Annuaire Santé FHIR search Bundle we use, validated (unknown fields ignored).
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

const extension = z.object({ url: z.string(), extension: z.array(innerExtension).optional() });

export const practitionerSchema = z.object({
  resourceType: z.literal('Practitioner'),
  id: z.string().max(200).optional(),
  active: z.boolean().optional(),
  name: z.array(z.object({ family: z.string().optional(), given: z.array(z.string()).optional(), prefix: z.array(z.string()).optional(), text: z.string().optional() })).optional(),
  telecom: z.array(z.object({ system: z.string().optional(), value: z.string().optional(), extension: z.array(extension).optional() })).optional(),
  address: z.array(z.object({ city: z.string().optional(), postalCode: z.string().optional() })).optional(),
  qualification: z.array(z.object({ code: codeable.optional() })).optional(),
});
export type FhirPractitioner = z.infer<typeof practitionerSchema>;

export const bundleSchema = z.object({
  resourceType: z.literal('Bundle'),
  total: z.number().optional(),
  entry: z.array(z.object({ resource: z.unknown() })).max(1000).optional(),
});
