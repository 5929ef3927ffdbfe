// Results as you type: 'search.query' debounced (~120 ms), latest answer wins.
import { useEffect, useRef, useState } from 'react';
import type { SearchHit } from '../../../../shared/types';
import { mss } from '../../bridge';
import { errorText, useDebounced } from '../mail/hooks';

export const SEARCH_DEBOUNCE_MS = 120;

export function useSearch(query: string, bal: string | null) {
  const q = useDebounced(query.trim(), SEARCH_DEBOUNCE_MS);
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);

  useEffect(() => {
    if (!q || !bal) {
      setHits(null);
      setSearching(false);
      setError(null);
      return;
    }
    const n = ++seq.current;
    setSearching(true);
    mss
      .invoke('search.query', { q, bal, limit: 200 })
      .then((r) => {
        if (n !== seq.current) return;
        setHits(r);
        setError(null);
      })
      .catch((e: unknown) => n === seq.current && setError(errorText(e)))
      .finally(() => n === seq.current && setSearching(false));
  }, [q, bal]);

  return { active: query.trim().length > 0, q, hits, searching, error, setHits };
}
