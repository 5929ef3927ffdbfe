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
  const rows: Array<[string, string]> = [
    ['F6', t('shortcuts.nextPane')],
    ['Maj+F6', t('shortcuts.prevPane')],
    ['/', t('shortcuts.search')],
    ['Ctrl+1…9', t('shortcuts.switchBal')],
    ['Ctrl+0', t('shortcuts.unified')],
    ['j / k', t('shortcuts.nextPrev')],
    ['→ / ←', t('shortcuts.thread')],
    ['Entrée', t('shortcuts.open')],
    ['m', t('shortcuts.toggleRead')],
    ['s', t('shortcuts.toggleFlag')],
    ['Suppr', t('shortcuts.delete')],
    ['N', t('shortcuts.compose')],
    ['R / Maj+R', t('shortcuts.reply')],
    ['F / Maj+F', t('shortcuts.forward')],
    ['Ctrl+Entrée', t('shortcuts.send')],
    ['Ctrl+S', t('shortcuts.saveDraft')],
    ['?', t('shortcuts.help')],
  ];
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="shortcuts-title" onClose={onClose} data-testid="shortcuts-dialog">
      <h2 id="shortcuts-title">{t('shortcuts.title')}</h2>
      <table className="shortcuts">
        <tbody>
          {rows.map(([k, label]) => (
            <tr key={k}>
              <td>
                <kbd>{k}</kbd>
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
