// "Classer hors ligne" removes the message from the server for every user of the BAL: offered to the
// titulaire, or to others when the cabinet set a retention rule for the BAL (main checks it again).
import { useEffect, useState } from 'react';
import type { BalSummary } from '../../../../shared/types';
import { mss } from '../../bridge';

export function useKeepOfflineAllowed(bal: BalSummary | undefined): boolean {
  const [policy, setPolicy] = useState(false);
  const address = bal?.address ?? null;
  const titulaire = bal?.role === 'titulaire';
  useEffect(() => {
    setPolicy(false);
    if (!address || titulaire) return;
    let live = true;
    mss.invoke('archive.getPolicy', { bal: address }).then(
      (p) => live && setPolicy(p !== null),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [address, titulaire]);
  return titulaire || policy;
}
