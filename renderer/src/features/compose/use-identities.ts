// Identities the person may send from, joined with the BAL list for type and label (colour badge).
import { useEffect, useState } from 'react';
import type { BalSummary, ComposeIdentity } from '../../../../shared/types';
import { mss } from '../../bridge';
import { errorText } from '../mail/hooks';

export interface Identity extends ComposeIdentity {
  bal: string;
  summary: BalSummary | null;
}

export function useIdentities(): { identities: Identity[] | null; error: string | null } {
  const [identities, setIdentities] = useState<Identity[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    Promise.all([mss.invoke('compose.identities'), mss.invoke('mailboxes.list').catch(() => [] as BalSummary[])]).then(
      ([ids, bals]) => {
        if (!alive) return;
        const byAddress = new Map(bals.map((b) => [b.address.toLowerCase(), b]));
        setIdentities(ids.map((i) => ({ ...i, summary: byAddress.get(i.bal.toLowerCase()) ?? null })));
      },
      (e: unknown) => alive && setError(errorText(e)),
    );
    return () => {
      alive = false;
    };
  }, []);
  return { identities, error };
}
