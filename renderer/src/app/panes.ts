// The three panes, in keyboard order (F6 / Shift+F6 move between them).
export const PANES = ['sidebar', 'list', 'reader'] as const;
export type Pane = (typeof PANES)[number];

export function nextPane(current: Pane, backwards: boolean): Pane {
  const i = PANES.indexOf(current);
  const n = PANES.length;
  return PANES[(i + (backwards ? n - 1 : 1)) % n] ?? 'sidebar';
}
