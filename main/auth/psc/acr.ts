// Authentication levels (acr) of Pro Santé Connect. PSC may answer a request for `eidas1` with a
// stronger level (a CPS card login comes back as `eidas3`): a level at least the one asked is accepted,
// a weaker or unknown one is refused.
import { PscError } from './errors';

const EIDAS_LEVELS = ['eidas1', 'eidas2', 'eidas3'] as const;

function eidasRank(acr: string): number {
  return (EIDAS_LEVELS as readonly string[]).indexOf(acr.trim().toLowerCase());
}

/** True when `received` satisfies the lowest level listed in `requested` (space-separated acr_values). */
export function acrSatisfies(requested: string, received: string): boolean {
  const asked = requested.split(/\s+/).filter(Boolean);
  if (asked.includes(received)) return true;
  const got = eidasRank(received);
  if (got < 0) return false;
  const ranks = asked.map(eidasRank).filter((r) => r >= 0);
  return ranks.length > 0 && got >= Math.min(...ranks);
}

/** Checks the ID token's acr claim (absent: nothing to check, PSC then applied the level asked). */
export function checkAcr(requested: string, claims: Record<string, unknown> | undefined): void {
  const acr = claims?.acr;
  if (acr === undefined) return;
  if (typeof acr !== 'string' || !acrSatisfies(requested, acr)) {
    throw new PscError('missing-identity', {
      message: "Pro Santé Connect a authentifié la personne à un niveau de sécurité plus faible que celui demandé : la connexion est refusée. Reconnectez-vous avec votre carte CPS ou l'application e-CPS.",
    });
  }
}
