import type { BalRole, BalType } from '../../shared/types';

export interface ConfirmedRight {
  idnat: string;
  bal: string;
  role: BalRole;
  confirmedAt: number;
}

/** Offline rights per person, as last confirmed by the operator (kept in the encrypted store). */
export interface RightsRepository {
  list(idNat: string): ConfirmedRight[];
  /** Resolves once written (the single writer is another thread). */
  replace(idNat: string, rights: ReadonlyArray<{ bal: string; role: BalRole }>): Promise<void>;
  /** Whether any person on this workstation still holds a confirmed right on this BAL. */
  anyoneHolds(bal: string): boolean;
}

export interface RefusedBal {
  bal: string;
  reason: 'no-rights' | 'cgu-required';
  cguUrl: string | null;
}

export interface RightsConfirmation {
  confirmed: Array<{ bal: string; role: BalRole; type: BalType; label: string }>;
  refused: RefusedBal[];
  /** BALs that could not be checked (network): their previous confirmation is kept. */
  unreachable: string[];
  /** BALs whose right disappeared since the last login (sealed, or purged when nobody holds them). */
  withdrawn: string[];
}
