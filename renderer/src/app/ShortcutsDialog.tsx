import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  // Key names as printed on the person's keyboard (French: Maj, Entrée, Suppr, Échap).
  const k = (combo: string) =>
    combo.replace(/\b(Shift|Ctrl|Enter|Del|Esc|Arrows|Menu)\b/g, (name) => t(`keys.${name.toLowerCase()}`));
  const rows: Array<[string, string]> = [
    ['F6', t('shortcuts.nextPane')],
    ['Shift+F6', t('shortcuts.prevPane')],
    ['/', t('shortcuts.search')],
    ['Ctrl+1…9', t('shortcuts.switchBal')],
    ['Ctrl+0', t('shortcuts.unified')],
    ['J / K', t('shortcuts.nextPrev')],
    ['→ / ←', t('shortcuts.thread')],
    ['Enter', t('shortcuts.open')],
    ['U', t('shortcuts.toggleRead')],
    ['S', t('shortcuts.toggleFlag')],
    ['Del', t('shortcuts.delete')],
    ['A', t('shortcuts.archive')],
    ['M / Shift+M', t('shortcuts.move')],
    ['Shift+Arrows', t('shortcuts.select')],
    ['Ctrl+A', t('shortcuts.selectAll')],
    ['Esc', t('shortcuts.clearSelection')],
    ['Menu / Shift+F10', t('shortcuts.menu')],
    ['N', t('shortcuts.compose')],
    ['R / Shift+R', t('shortcuts.reply')],
    ['F / Shift+F', t('shortcuts.forward')],
    ['Ctrl+Enter', t('shortcuts.send')],
    ['Ctrl+S', t('shortcuts.saveDraft')],
    ['Ctrl+L', t('shortcuts.lock')],
    ['?', t('shortcuts.help')],
  ];

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="shortcuts-title" onClose={onClose} data-testid="shortcuts-dialog">
      <h2 id="shortcuts-title">{t('shortcuts.title')}</h2>
      <table className="shortcuts">
        <tbody>
          {rows.map(([combo, label]) => (
            <tr key={combo}>
              <td>
                <kbd>{k(combo)}</kbd>
              </td>
              <td>{label}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="button" onClick={onClose} autoFocus>
        {t('shortcuts.close')}
      </button>
    </dialog>
  );
}
