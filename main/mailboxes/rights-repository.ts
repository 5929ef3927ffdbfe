// Offline rights per person (the store's rights table) seen through the interface the mailbox service uses.
import type { RightsRepository } from './types';
import type { StoreReader } from '../store/reader';
import type { CacheWrites } from '../store/app-writes';

/** Reads on main's read-only handle; the replacement is a call to the single writer (resolved once committed). */
export function rightsRepository(writer: CacheWrites, reader: StoreReader): RightsRepository {
  return {
    list: (idNat) => reader.getRights(idNat).map((r) => ({ idnat: r.idnat, bal: r.bal, role: r.role, confirmedAt: r.confirmedAt })),
    replace: (idNat, rights) => writer.setRights(idNat, [...rights]),
    anyoneHolds: (bal) => reader.anyoneHoldsRight(bal),
  };
}
