// PSC-shaped user claims for the sandbox people (claim names as Pro Santé Connect's userinfo).
import { parseIdNat, type IdNatKind } from '../../shared/idnat';
import type { SandboxPerson } from '../config';

export type AuthMode = 'CARD' | 'MOBILE';

/** Claims released with scope `scope_all` (besides `sub`). */
export const PSC_CLAIM_NAMES = [
  'SubjectNameID',
  'preferred_username',
  'given_name',
  'family_name',
  'SubjectRefPro',
  'SubjectOrganization',
  'authMode',
  'otherIds',
] as const;

/** Nomenclature codes (TRE_G15 profession) for the professions used in the sandbox. */
const PROFESSION_CODES: Record<string, { code: string; category: string }> = {
  'Médecin': { code: '10', category: 'C' },
  'Infirmier': { code: '60', category: 'C' },
  'Pharmacien': { code: '21', category: 'C' },
};

const ORIGINS: Record<IdNatKind, string> = {
  rpps: 'RPPS', adeli: 'ADELI', finess: 'FINESS', 'finess-legal': 'FINESS', siren: 'SIREN', siret: 'SIRET', 'rpps-cabinet': 'RPPS',
};

/** The registry the IdNat comes from (8 + RPPS, 0 + ADELI, structure forms: the structure's registry). */
function idNatOrigin(idNat: string): { origine: string; identifiant: string } {
  const parsed = parseIdNat(idNat);
  return parsed
    ? { origine: ORIGINS[parsed.kind], identifiant: parsed.localId ? `${parsed.identifier}/${parsed.localId}` : parsed.identifier }
    : { origine: 'ADELI', identifiant: idNat.slice(1) };
}

export function subjectRefPro(person: SandboxPerson): Record<string, unknown> {
  const profession = PROFESSION_CODES[person.profession];
  return {
    codeCivilite: person.title === 'Dr' ? 'DR' : '',
    exercices: [
      {
        codeProfession: profession?.code ?? '',
        libelleProfession: person.profession,
        codeCategorieProfessionnelle: profession?.category ?? '',
        codeCiviliteDexercice: person.title === 'Dr' ? 'DR' : '',
        nomDexercice: person.familyName,
        prenomDexercice: person.givenName,
        codeTypeSavoirFaire: person.profession === 'Médecin' ? 'S' : '',
        codeSavoirFaire: person.profession === 'Médecin' ? 'SM54' : '',
        activities: [
          {
            codeModeExercice: 'L',
            codeSecteurDactivite: 'SA07',
            raisonSocialeSite: 'Cabinet médical Saint-Roch',
            identifiantTechniqueDeLaStructure: 'R10000000000001',
            codePostal: '75011',
            bureauCedex: '75011 PARIS',
          },
        ],
      },
    ],
  };
}

export function pscClaims(person: SandboxPerson, authMode: AuthMode): Record<string, unknown> {
  const origin = idNatOrigin(person.idNat);
  return {
    sub: person.idNat,
    SubjectNameID: person.idNat,
    preferred_username: person.idNat,
    given_name: person.givenName,
    family_name: person.familyName,
    SubjectRefPro: subjectRefPro(person),
    SubjectOrganization: 'Cabinet médical Saint-Roch',
    authMode,
    otherIds: [{ identifiant: origin.identifiant, origine: origin.origine, qualite: 1 }],
  };
}

/** Default authentication mode when none was recorded (card if the person has one). */
export function defaultAuthMode(person: SandboxPerson): AuthMode {
  return person.methods.includes('CARD') ? 'CARD' : 'MOBILE';
}
