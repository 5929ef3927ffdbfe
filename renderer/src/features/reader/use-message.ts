// The opened message ('messages.get'), reloaded when its folder changes (e.g. its body arrived).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { MessageView } from '../../../../shared/types';
import { mss } from '../../bridge';
import { errorText, useBridgeEvent } from '../mail/hooks';

export function useMessage(id: number | null) {
  const [view, setView] = useState<MessageView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);

  const load = useCallback(
    (quiet: boolean) => {
      if (id === null) {
        setView(null);
        setError(null);
        return;
      }
      const n = ++seq.current;
      if (!quiet) {
        setLoading(true);
        setView(null);
        setError(null);
      }
      mss
        .invoke('messages.get', id)
        .then((v) => n === seq.current && (setView(v), setError(null)))
        .catch((e: unknown) => n === seq.current && !quiet && setError(errorText(e)))
        .finally(() => n === seq.current && setLoading(false));
    },
    [id],
  );

  useEffect(() => load(false), [load]);

  const viewRef = useRef(view);
  viewRef.current = view;
  useBridgeEvent('messages.changed', (p) => {
    const v = viewRef.current;
    if (v && p.folderIds.includes(v.folderId)) load(true);
  });

  return { view, setView, error, loading };
}
