// One recipient line (À / Cc / Cci): chips, free typing, paste of lists, and suggestions from the
// directory (debounced) with ↑ ↓ Entrée / Tab. Invalid, out-of-trust and patient addresses are marked.
// Entrée / Tab take a suggestion only when it matches what is typed now (suggestion-choice.ts).
import { forwardRef, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DirectoryEntry } from '../../../../shared/types';
import { mss } from '../../bridge';
import { useDebounced } from '../mail/hooks';
import { type Chip, chipFrom, chipFromEntry } from './model';
import { parseRecipientList } from '../../../../shared/addresses';
import { suggestionToTake } from './suggestion-choice';

interface Props {
  label: string;
  chips: Chip[];
  onChange: (chips: Chip[]) => void;
  testId: string;
  /** Addresses already used in the other fields (not suggested twice). */
  exclude: Set<string>;
}

const MIN_QUERY = 2;
const DEBOUNCE_MS = 250;

/** Looks an address up in the directory (its name) and the MSSanté trust list (verdict, operator). */
async function enrich(chips: Chip[]): Promise<Chip[]> {
  const named = await Promise.all(
    chips.map(async (c) => {
      if (!c.valid || c.entry) return c;
      try {
        const hits = await mss.invoke('directory.search', { q: c.address.slice(0, 100) });
        const e = hits.find((h) => h.address.toLowerCase() === c.key);
        return e ? chipFrom(c, e) : c;
      } catch {
        return c;
      }
    }),
  );
  const domains = [...new Set(named.filter((c) => c.valid && c.trust === undefined).map((c) => c.address.split('@')[1]!.toLowerCase()))];
  if (!domains.length) return named;
  try {
    const r = await mss.invoke('trust.lookup', { domains: domains.slice(0, 100) });
    const by = new Map(r.domains.map((d) => [d.domain, d]));
    return named.map((c) => {
      const d = c.valid && c.trust === undefined ? by.get(c.address.split('@')[1]!.toLowerCase()) : undefined;
      return d ? { ...c, trusted: d.trusted, trust: d.info } : c;
    });
  } catch {
    return named;
  }
}

export const RecipientField = forwardRef<HTMLInputElement, Props>(function RecipientField({ label, chips, onChange, testId, exclude }, ref) {
  const { t } = useTranslation();
  const id = useId();
  const listId = `${id}-list`;
  const [text, setText] = useState('');
  const [results, setResults] = useState<DirectoryEntry[]>([]);
  const [resultsFor, setResultsFor] = useState('');
  const [active, setActive] = useState(0);
  const [chosen, setChosen] = useState(false);
  const [open, setOpen] = useState(false);
  const [searching, setSearching] = useState(false);
  const [searchError, setSearchError] = useState<string | null>(null);
  const q = useDebounced(text.trim(), DEBOUNCE_MS);
  const chipsRef = useRef(chips);
  chipsRef.current = chips;
  const excludeRef = useRef(exclude);
  excludeRef.current = exclude;
  // The text as of the last keystroke, cleared at once on commit (a Tab commits, then the blur follows).
  const textRef = useRef(text);

  useEffect(() => {
    if (q.length < MIN_QUERY || q.includes(',') || q.includes(';')) {
      setResults([]);
      setSearching(false);
      return;
    }
    let alive = true;
    setSearching(true);
    mss.invoke('directory.search', { q: q.slice(0, 100) }).then(
      (r) => {
        if (!alive) return;
        const used = new Set([...excludeRef.current, ...chipsRef.current.map((c) => c.key)]);
        setResults(r.filter((e) => !used.has(e.address.toLowerCase())).slice(0, 12));
        setResultsFor(q);
        setActive(0);
        setChosen(false);
        setSearchError(null);
        setSearching(false);
      },
      (e: unknown) => {
        if (!alive) return;
        setResults([]);
        setSearchError(e instanceof Error ? e.message : String(e));
        setSearching(false);
      },
    );
    return () => {
      alive = false;
    };
  }, [q]);

  const add = (next: Chip[]) => {
    if (next.length === 0) return;
    const merged = [...chipsRef.current, ...next];
    onChange(merged);
    // Ask the directory (typed addresses) and the trust list (all) about them, then update in place.
    const unknown = next.filter((c) => c.valid && c.trust === undefined);
    if (unknown.length) {
      void enrich(unknown).then((done) => {
        const byKey = new Map(done.map((c) => [c.key, c]));
        onChange(chipsRef.current.map((c) => (byKey.has(c.key) && c.trust === undefined ? byKey.get(c.key)! : c)));
      });
    }
  };

  const setTyped = (v: string) => {
    textRef.current = v;
    setText(v);
  };

  const commitText = (raw = textRef.current) => {
    const parsed = parseRecipientList(raw, chipsRef.current);
    add(parsed.map((r) => chipFrom(r)));
    setTyped('');
    setResults([]);
    setOpen(false);
  };

  const pick = (e: DirectoryEntry) => {
    if (!chipsRef.current.some((c) => c.key === e.address.toLowerCase())) add([chipFromEntry(e)]);
    setTyped('');
    setResults([]);
    setOpen(false);
  };

  const remove = (key: string) => onChange(chipsRef.current.filter((c) => c.key !== key));

  const showList = open && text.trim().length >= MIN_QUERY && (results.length > 0 || searching || !!searchError);
  // What Entrée / Tab would take now; the highlight shows only that one.
  const candidate = showList ? suggestionToTake({ typed: text, resultsFor, results, active, chosen }) : null;

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (showList && results.length > 0 && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      e.preventDefault();
      // The first ↓ on a list without highlight highlights its first entry.
      if (chosen || candidate) setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : results.length - 1)) % results.length);
      else setActive(e.key === 'ArrowDown' ? 0 : results.length - 1);
      setChosen(true);
    } else if ((e.key === 'Enter' || (e.key === 'Tab' && !e.shiftKey && text.trim())) && candidate) {
      e.preventDefault();
      pick(candidate);
    } else if (e.key === 'Tab' && !e.shiftKey && text.trim()) {
      // The typed text becomes the recipient; focus moves on as usual.
      commitText();
    } else if (e.key === 'Enter' || e.key === ',' || e.key === ';') {
      if (text.trim()) {
        e.preventDefault();
        commitText();
      } else if (e.key === 'Enter') e.preventDefault();
    } else if (e.key === 'Escape' && showList) {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
    } else if (e.key === 'Backspace' && !text && chips.length) {
      e.preventDefault();
      onChange(chips.slice(0, -1));
    }
  };

  return (
    <div className="rcpt" data-testid={testId}>
      <label className="rcpt__label" htmlFor={`${id}-input`}>
        {label}
      </label>
      <div className="rcpt__box">
        <ul className="rcpt__chips" aria-label={label}>
          {chips.map((c) => {
            const cls = !c.valid ? 'chip-r--invalid' : !c.trusted ? 'chip-r--untrusted' : c.patient ? 'chip-r--patient' : '';
            const note = !c.valid ? t('compose.rcpt.invalid') : !c.trusted ? t('compose.rcpt.untrusted') : c.patient ? t('compose.rcpt.patient') : '';
            const trustedBy = c.valid && c.trusted && c.trust ? t('compose.rcpt.trustedBy', { label: c.trust.label }) : '';
            return (
              <li key={c.key} className={`chip-r ${cls}`} title={trustedBy ? `${c.address} — ${trustedBy}` : c.address} data-testid="recipient-chip" data-address={c.address} data-operator={c.trust?.operators.join(', ') ?? undefined}>
                <span className="chip-r__name">{c.name ? c.name.replace(/_/g, ' ') : c.address}</span>
                {note && <span className="chip-r__note">{note}</span>}
                {!note && c.trust?.operators[0] && <span className="chip-r__note chip-r__note--operator">{c.trust.operators[0]}</span>}
                <button type="button" className="chip-r__remove" onClick={() => remove(c.key)} aria-label={t('compose.rcpt.remove', { address: c.address })}>
                  ×
                </button>
              </li>
            );
          })}
        </ul>
        <input
          id={`${id}-input`}
          ref={ref}
          className="rcpt__input"
          type="text"
          role="combobox"
          aria-expanded={showList}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={candidate ? `${listId}-${active}` : undefined}
          autoComplete="off"
          spellCheck={false}
          value={text}
          placeholder={chips.length === 0 ? t('compose.rcpt.placeholder') : ''}
          onChange={(e) => {
            setTyped(e.target.value);
            setChosen(false);
            setOpen(true);
          }}
          onKeyDown={onKeyDown}
          onPaste={(e) => {
            const pasted = e.clipboardData.getData('text');
            if (/[,;\n]/.test(pasted)) {
              e.preventDefault();
              commitText(textRef.current + pasted);
            }
          }}
          onBlur={() => {
            // Let a click on a suggestion land first.
            setTimeout(() => {
              setOpen(false);
            }, 150);
            if (textRef.current.trim() && !candidate) commitText();
          }}
          data-testid={`${testId}-input`}
        />
      </div>
      {showList && (
        <ul className="rcpt__suggest" role="listbox" id={listId} aria-label={t('compose.rcpt.suggestions')} data-testid="recipient-suggestions">
          {searching && results.length === 0 && <li className="rcpt__status">{t('compose.rcpt.searching')}</li>}
          {searchError && results.length === 0 && <li className="rcpt__status rcpt__status--error">{searchError}</li>}
          {results.map((e, i) => (
            <li
              key={e.address}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={candidate !== null && i === active}
              className={`suggest ${candidate !== null && i === active ? 'suggest--active' : ''}`}
              onMouseDown={(ev) => ev.preventDefault()}
              onClick={() => pick(e)}
              onMouseEnter={() => setActive(i)}
              data-testid="recipient-suggestion"
            >
              <span className="suggest__main">
                <span className="suggest__name">{e.name}</span>
                <span className="suggest__addr">{e.address}</span>
              </span>
              <span className="suggest__meta">
                {[e.profession, e.city].filter(Boolean).join(' · ')}
                {e.source === 'contacts' && <span className="suggest__source">{t('compose.rcpt.fromContacts')}</span>}
              </span>
              <span className="suggest__badges">
                {e.balType && <span className={`bal-badge bal-badge--${e.balType}`} title={t(`balType.${e.balType}`)}>{e.balType}</span>}
                {!e.trusted && <span className="chip-warn">{t('compose.rcpt.untrusted')}</span>}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
});
