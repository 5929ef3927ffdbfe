// "Déplacer vers…" / "Copier vers…": the BAL's folders with type-ahead (the typed text filters by the start
// of a word of the folder's label or path), arrows to choose, Enter to confirm, Escape to cancel.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FolderView } from '../../../../shared/types';
import { mss } from '../../bridge';
import { flattenFolders, folderKind, folderLabelKey, sortFolders } from '../mail/folder-names';
import { errorText } from '../mail/hooks';
import { FolderKindIcon } from '../mail/icons';

export interface PickRequest {
  mode: 'move' | 'copy';
  bal: string;
  count: number;
  /** Folders the messages are in (not offered for a move). */
  exclude: number[];
  onPick: (folder: { id: number; label: string } | null) => void;
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();

function matches(label: string, path: string, q: string): boolean {
  if (!q) return true;
  const words = fold(`${label} ${path}`).split(/[\s/._-]+/);
  const query = fold(q.trim());
  return words.some((w) => w.startsWith(query)) || fold(label).startsWith(query);
}

export function FolderPicker({ request }: { request: PickRequest | null }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const [folders, setFolders] = useState<FolderView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const [active, setActive] = useState(0);

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (request && !d.open) d.showModal();
    if (!request && d.open) d.close();
    setQ('');
    setActive(0);
    setError(null);
    if (!request) return;
    let live = true;
    mss.invoke('folders.list', request.bal).then(
      (f) => live && setFolders(f),
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [request]);

  const options = useMemo(() => {
    if (!request || !folders) return [];
    return flattenFolders(sortFolders(folders))
      .map(({ folder, level }) => {
        const key = folderLabelKey(folder);
        return { folder, level, label: key ? t(key) : folder.name };
      })
      .filter((o) => !(request.mode === 'move' && request.exclude.includes(o.folder.id)) && matches(o.label, o.folder.path, q));
  }, [folders, request, q, t]);
  const current = options[Math.min(active, options.length - 1)];

  const pick = (o: (typeof options)[number] | undefined) => {
    if (o) request?.onPick({ id: o.folder.id, label: o.label });
  };
  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown') setActive((i) => Math.min(options.length - 1, i + 1));
    else if (e.key === 'ArrowUp') setActive((i) => Math.max(0, i - 1));
    else if (e.key === 'Enter') pick(current);
    else return;
    e.preventDefault();
  };

  const title = request ? t(request.mode === 'move' ? 'filing.picker.moveTitle' : 'filing.picker.copyTitle', { count: request.count }) : '';
  return (
    <dialog
      ref={ref}
      className="dialog folder-picker"
      aria-labelledby="folder-picker-title"
      data-testid="folder-picker"
      data-mode={request?.mode}
      onCancel={(e) => {
        e.preventDefault();
        request?.onPick(null);
      }}
    >
      <h2 id="folder-picker-title">{title}</h2>
      <label className="folder-picker__label" htmlFor="folder-picker-filter">
        {t('filing.picker.filter')}
      </label>
      <input
        id="folder-picker-filter"
        type="text"
        role="combobox"
        aria-expanded="true"
        aria-controls="folder-picker-list"
        aria-activedescendant={current ? `pick-${current.folder.id}` : undefined}
        aria-describedby="folder-picker-hint"
        autoComplete="off"
        autoFocus
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKey}
        data-testid="folder-picker-filter"
      />
      <p id="folder-picker-hint" className="folder-picker__hint">
        {t('filing.picker.filterHint')}
      </p>
      {error && (
        <p className="mail-inline-error" role="alert">
          {error}
        </p>
      )}
      {!folders && !error && <p className="folder-picker__hint">{t('filing.picker.loading')}</p>}
      <ul id="folder-picker-list" className="folder-picker__list" role="listbox" aria-labelledby="folder-picker-title">
        {options.map((o) => (
          <li
            key={o.folder.id}
            id={`pick-${o.folder.id}`}
            role="option"
            aria-selected={o === current}
            className={`folder-picker__option ${o === current ? 'folder-picker__option--active' : ''}`}
            style={{ paddingInlineStart: 8 + (o.level - 1) * 14 }}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => pick(o)}
            data-testid={`pick-${o.folder.path}`}
          >
            <FolderKindIcon kind={folderKind(o.folder)} />
            <span>{o.label}</span>
          </li>
        ))}
      </ul>
      {folders && options.length === 0 && <p className="folder-picker__hint">{t('filing.picker.none')}</p>}
      <div className="confirm-dialog__actions">
        <button type="button" className="button" onClick={() => request?.onPick(null)}>
          {t('filing.picker.cancel')}
        </button>
      </div>
    </dialog>
  );
}
