// Multi-selection of the message list (row keys): Ctrl+click toggles, Maj+click and Maj+arrows extend from
// the anchor, Ctrl+A takes every loaded row, Escape clears. Empty = the current row alone is the selection.
import { useCallback, useEffect, useState } from 'react';

export interface ListSelection {
  checked: ReadonlySet<string>;
  /** Click with modifiers on row `index` (current row `currentIndex`); true when it was a multi-select gesture. */
  click(e: { ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }, index: number, currentIndex: number): boolean;
  /** Maj+arrow: the range from the anchor to `to`. */
  extendTo(to: number, currentIndex: number): void;
  all(): void;
  clear(): void;
}

export function useListSelection(keys: readonly string[], resetOn: unknown): ListSelection {
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const [anchor, setAnchor] = useState<number | null>(null);
  useEffect(() => {
    setChecked(new Set());
    setAnchor(null);
  }, [resetOn]);
  // Rows gone (deleted, moved) leave the selection.
  useEffect(() => {
    setChecked((c) => {
      if (c.size === 0) return c;
      const present = new Set(keys);
      const next = new Set([...c].filter((k) => present.has(k)));
      return next.size === c.size ? c : next;
    });
  }, [keys]);

  const range = useCallback((a: number, b: number) => new Set(keys.slice(Math.min(a, b), Math.max(a, b) + 1)), [keys]);

  const click = useCallback(
    (e: { ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }, index: number, currentIndex: number) => {
      const key = keys[index];
      if (key === undefined) return false;
      if (e.shiftKey) {
        const from = anchor ?? (currentIndex >= 0 ? currentIndex : index);
        setAnchor(from);
        setChecked(range(from, index));
        return true;
      }
      if (e.ctrlKey || e.metaKey) {
        setChecked((c) => {
          const next = new Set(c);
          if (next.size === 0 && currentIndex >= 0 && keys[currentIndex] !== undefined) next.add(keys[currentIndex]!);
          if (next.has(key)) next.delete(key);
          else next.add(key);
          return next;
        });
        setAnchor(index);
        return true;
      }
      setChecked(new Set());
      setAnchor(index);
      return false;
    },
    [keys, anchor, range],
  );

  const extendTo = useCallback(
    (to: number, currentIndex: number) => {
      const from = anchor ?? Math.max(0, currentIndex);
      setAnchor(from);
      setChecked(range(from, to));
    },
    [anchor, range],
  );

  const all = useCallback(() => setChecked(new Set(keys)), [keys]);
  const clear = useCallback(() => {
    setChecked(new Set());
    setAnchor(null);
  }, []);
  return { checked, click, extendTo, all, clear };
}
