// A menu at the pointer (right click) or under the selected row (context-menu key, Maj+F10): arrows move,
// Enter runs, Escape or a click elsewhere closes; focus goes back to where it was.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';

export type MenuEntry = { key: string; label: string; shortcut?: string; disabled?: boolean; run: () => void } | 'separator';

export function ContextMenu({ x, y, label, entries, onClose }: { x: number; y: number; label: string; entries: MenuEntry[]; onClose: () => void }) {
  const ref = useRef<HTMLUListElement>(null);
  const [pos, setPos] = useState({ left: x, top: y });
  const items = entries.filter((e): e is Exclude<MenuEntry, 'separator'> => e !== 'separator');
  const [active, setActive] = useState(() => Math.max(0, items.findIndex((e) => !e.disabled)));

  // Kept inside the window.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const r = el.getBoundingClientRect();
    setPos({ left: Math.max(4, Math.min(x, window.innerWidth - r.width - 4)), top: Math.max(4, Math.min(y, window.innerHeight - r.height - 4)) });
  }, [x, y]);

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    window.addEventListener('mousedown', close, true);
    window.addEventListener('blur', onClose);
    return () => {
      window.removeEventListener('mousedown', close, true);
      window.removeEventListener('blur', onClose);
      before?.focus();
    };
  }, [onClose]);

  useEffect(() => {
    ref.current?.querySelector<HTMLElement>(`[data-index="${active}"]`)?.focus();
  }, [active]);

  const step = (d: number) => {
    if (items.length === 0) return;
    let i = active;
    for (let n = 0; n < items.length; n++) {
      i = (i + d + items.length) % items.length;
      if (!items[i]!.disabled) break;
    }
    setActive(i);
  };
  const run = (e: Exclude<MenuEntry, 'separator'>) => {
    if (e.disabled) return;
    onClose();
    e.run();
  };
  const onKey = (e: React.KeyboardEvent) => {
    const handled = (() => {
      switch (e.key) {
        case 'ArrowDown': step(1); return true;
        case 'ArrowUp': step(-1); return true;
        case 'Home': setActive(0); return true;
        case 'End': setActive(items.length - 1); return true;
        case 'Enter':
        case ' ': if (items[active]) run(items[active]); return true;
        case 'Escape':
        case 'Tab': onClose(); return true;
        default: return false;
      }
    })();
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  let index = -1;
  return (
    <ul ref={ref} className="context-menu" role="menu" aria-label={label} style={pos} onKeyDown={onKey} data-testid="context-menu" onContextMenu={(e) => e.preventDefault()}>
      {entries.map((e, i) => {
        if (e === 'separator') return <li key={`sep-${i}`} role="separator" />;
        index++;
        const my = index;
        return (
          <li
            key={e.key}
            role="menuitem"
            tabIndex={-1}
            data-index={my}
            aria-disabled={e.disabled ? true : undefined}
            data-testid={`menu-${e.key}`}
            onClick={() => run(e)}
            onMouseEnter={() => !e.disabled && setActive(my)}
          >
            <span>{e.label}</span>
            {e.shortcut && <kbd aria-hidden="true">{e.shortcut}</kbd>}
          </li>
        );
      })}
    </ul>
  );
}
