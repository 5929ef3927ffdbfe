// Reads PSC's claim names into a PscIdentity. PSC puts the IdNat in SubjectNameID and preferred_username
// (and `sub`); names in given_name / family_name; professions in SubjectRefPro.
import { PscError } from './errors';
import { isIdNat } from './idnat';
import type { PscIdentity } from './types';

type Claims = Record<string, unknown>;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function professionLabels(subjectRefPro: unknown): string[] {
  const exercices = (subjectRefPro as { exercices?: unknown } | undefined)?.exercices;
  if (!Array.isArray(exercices)) return [];
  const labels = exercices.map((e) => str((e as { libelleProfession?: unknown }).libelleProfession)).filter((x): x is string => !!x);
  return [...new Set(labels)];
}

/** Merges claim sources (later ones fill gaps, never override the IdNat) and checks they name one person. */
export function identityFromClaims(...sources: Array<Claims | undefined>): PscIdentity {
  const present = sources.filter((s): s is Claims => !!s);
  const merged: Claims = {};
  for (const s of present) for (const [k, v] of Object.entries(s)) if (merged[k] === undefined && v !== undefined && v !== null) merged[k] = v;

  const candidates = present.flatMap((s) => [str(s.SubjectNameID), str(s.preferred_username)]).filter((x): x is string => !!x);
  const idNat = candidates[0] ?? str(merged.sub);
  if (!idNat || !isIdNat(idNat)) throw new PscError('missing-identity');
  if (candidates.some((c) => c !== idNat)) throw new PscError('missing-identity', { message: "Pro Santé Connect a transmis des identifiants nationaux incohérents : la connexion est refusée par sécurité. Contactez votre support." });

  return {
    idNat,
    sub: str(merged.sub) ?? idNat,
    givenName: str(merged.given_name),
    familyName: str(merged.family_name),
    authMode: str(merged.authMode),
    professions: professionLabels(merged.SubjectRefPro),
    subjectRefPro: merged.SubjectRefPro,
    otherIds: merged.otherIds,
  };
}

/** "Alice MARTIN" (for the UI), falling back to the IdNat. */
export function displayName(identity: PscIdentity): string {
  const name = [identity.givenName, identity.familyName].filter(Boolean).join(' ');
  return name || identity.idNat;
}
