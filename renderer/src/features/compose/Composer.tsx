// The composer: a large modal dialog, keyboard first (Ctrl+Entrée envoie, Ctrl+S enregistre, Échap
// demande avant d'abandonner). From identity with its colour, editable sender label, recipients with
// directory suggestions, rich text, attachments against the size limit, MSSanté options, drafts saved
// every 3 s, send through the durable outbox.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ComposeDraft, OutboxItemView } from '../../../../shared/types';
import { mss } from '../../bridge';
import { formatSize, formatTime } from '../mail/format';
import { errorText } from '../mail/hooks';
import { AttachmentsField } from './AttachmentsField';
import { readFileAsBase64 } from './files';
import { textToHtml } from '../../../../shared/html-text';
import { type Chip, type ComposeState, type Field, allRecipients, attachmentId, hasPatient, stateFromDraft, toDraft } from './model';
import { endsExchange, hasFinMarker } from './mes-rules';
import { MesNotes } from './MesNotes';
import { RecipientField } from './RecipientField';
import { RichEditor, type RichEditorHandle } from './RichEditor';
import { sanitizeComposeHtml } from './sanitize-compose';
import { applicableLimit, estimateMessageBytes, utf8Length } from './size';
import type { Toast } from './Toasts';
import { type Identity, useIdentities } from './use-identities';

export const AUTOSAVE_MS = 3000;

interface Props {
  initial: ComposeDraft | null;
  /** New message or prepared reply/forward (signature inserted), as opposed to a reopened draft. */
  fresh: boolean;
  focus: 'to' | 'body';
  defaultBal: string | null;
  /** Opened from the unified view: no BAL is implied; the sender is the selected message's BAL, or asked. */
  unified?: boolean;
  onClose: () => void;
  onSent: (item: OutboxItemView, offline: boolean) => void;
  onToast: (t: Omit<Toast, 'id'>) => void;
}

type Confirm = null | 'discard' | 'untrusted';

const SIGNATURE_CLASS = 'mss-signature';

function signatureBlock(sig: string): string {
  const clean = sanitizeComposeHtml(sig);
  return clean ? `<div class="${SIGNATURE_CLASS}">-- <br>${clean}</div>` : '';
}

function initialHtml(initial: ComposeDraft | null, fresh: boolean, identity: Identity | undefined): string {
  const body = initial ? initial.html || (initial.text ? textToHtml(initial.text) : '') : '';
  if (!fresh) return body || '<div><br></div>';
  const sig = body.includes(SIGNATURE_CLASS) ? '' : signatureBlock(identity?.signatureHtml ?? '');
  return `<div><br></div>${sig ? `<div><br></div>${sig}` : ''}${body ? `<div><br></div>${body}` : ''}`;
}

function emptyState(bal: string, identity: Identity | undefined): ComposeState {
  return { bal, fromLabel: identity?.fromLabel ?? '', to: [], cc: [], bcc: [], subject: '', attachments: [], requestDsn: true, requestReadReceipt: false, patientNoReply: false };
}

export function Composer(props: Props) {
  const { identities, error } = useIdentities();
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  if (!identities) {
    return (
      <dialog ref={ref} className="dialog composer composer--loading" aria-label={t('compose.title.new')} onCancel={props.onClose} data-testid="composer">
        {error ? (
          <div className="alert alert--error" role="alert">
            <p>{t('compose.identitiesFailed', { message: error })}</p>
            <button type="button" className="button" onClick={props.onClose}>
              {t('compose.close')}
            </button>
          </div>
        ) : (
          <p role="status">{t('compose.loading')}</p>
        )}
      </dialog>
    );
  }
  return <ComposerForm {...props} identities={identities} />;
}

function ComposerForm({ initial, fresh, focus, defaultBal, unified = false, onClose, onSent, onToast, identities }: Props & { identities: Identity[] }) {
  const { t, i18n } = useTranslation();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const editorRef = useRef<RichEditorHandle>(null);
  const toRef = useRef<HTMLInputElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  const defaultIdentity = identities.find((i) => i.bal.toLowerCase() === (defaultBal ?? '').toLowerCase())?.bal;
  // The unified view never picks a BAL silently: the selected message's, or none until the person chooses.
  const startBal = initial?.bal ?? defaultIdentity ?? (unified ? '' : (identities[0]?.bal ?? defaultBal ?? ''));
  const askBal = !initial && unified && !defaultIdentity;
  const fromRef = useRef<HTMLSelectElement>(null);
  const startIdentity = identities.find((i) => i.bal.toLowerCase() === startBal.toLowerCase());
  const [state, setState] = useState<ComposeState>(() => {
    if (!initial) return emptyState(startBal, startIdentity);
    const s = stateFromDraft(initial);
    return s.fromLabel ? s : { ...s, fromLabel: startIdentity?.fromLabel ?? '' };
  });
  const [showCc, setShowCc] = useState(state.cc.length > 0);
  const [showBcc, setShowBcc] = useState(state.bcc.length > 0);
  const [revision, setRevision] = useState(0);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [sendError, setSendError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [reading, setReading] = useState(0);
  const [dragging, setDragging] = useState(false);
  const startHtml = useMemo(() => initialHtml(initial, fresh, startIdentity), []);

  const stateRef = useRef(state);
  stateRef.current = state;
  const savedRevision = useRef(0);
  const revisionRef = useRef(0);
  revisionRef.current = revision;
  const finished = useRef(false);
  const saving = useRef<Promise<void>>(Promise.resolve());

  const identity = identities.find((i) => i.bal.toLowerCase() === state.bal.toLowerCase());
  const touch = useCallback(() => setRevision((r) => r + 1), []);
  const update = useCallback((patch: Partial<ComposeState>) => {
    setState((s) => ({ ...s, ...patch }));
    touch();
  }, [touch]);

  useEffect(() => {
    const d = dialogRef.current;
    if (d && !d.open) d.showModal();
    requestAnimationFrame(() => (askBal ? fromRef.current?.focus() : focus === 'body' ? editorRef.current?.focus() : toRef.current?.focus()));
  }, [focus]);

  // ---- Drafts
  const isEmpty = () => {
    const s = stateRef.current;
    const text = (editorRef.current?.html() ?? '').replace(/<div class="mss-signature">[\s\S]*?<\/div>/, '').replace(/<[^>]+>|&nbsp;/g, '').trim();
    return allRecipients(s).length === 0 && !s.subject.trim() && s.attachments.length === 0 && !text;
  };

  const saveDraft = useCallback((): Promise<void> => {
    const rev = revisionRef.current;
    saving.current = saving.current.then(async () => {
      if (finished.current) return;
      const s = stateRef.current;
      if (s.draftId === undefined && isEmpty()) return;
      if (!s.bal) return; // no sender chosen yet (unified view): nothing to file the draft under
      try {
        const r = await mss.invoke('drafts.save', toDraft(s, editorRef.current?.html() ?? ''));
        if (finished.current) return;
        setState((cur) => ({ ...cur, draftId: r.draftId }));
        stateRef.current = { ...stateRef.current, draftId: r.draftId };
        savedRevision.current = Math.max(savedRevision.current, rev);
        setSavedAt(r.savedAt);
        setSaveError(null);
      } catch (e) {
        setSaveError(errorText(e));
      }
    });
    return saving.current;
  }, []);

  useEffect(() => {
    if (revision === 0) return;
    const h = setTimeout(() => void saveDraft(), AUTOSAVE_MS);
    return () => clearTimeout(h);
  }, [revision, saveDraft]);

  const finish = () => {
    finished.current = true;
    dialogRef.current?.close();
    onClose();
  };

  /** Closed with its draft kept: the draft goes to the server's Drafts folder now (main queues it when offline). */
  const syncToServer = () => {
    const id = stateRef.current.draftId;
    if (id !== undefined) void mss.invoke('drafts.sync', id).catch(() => {});
  };

  const requestClose = () => {
    if (sending) return;
    // Nothing unsaved (or nothing written at all): close at once; otherwise ask.
    if (revisionRef.current === savedRevision.current || isEmpty()) {
      syncToServer();
      return finish();
    }
    setConfirm('discard');
  };

  const saveAndClose = async () => {
    await saveDraft();
    syncToServer();
    onToast({ kind: 'info', text: t('compose.draftKept') });
    finish();
  };

  const discard = async () => {
    const id = stateRef.current.draftId;
    finished.current = true;
    await saving.current;
    if (id !== undefined) await mss.invoke('drafts.delete', id).catch(() => {});
    finish();
  };

  // ---- Identity
  const changeIdentity = (bal: string) => {
    const next = identities.find((i) => i.bal === bal);
    update({ bal, fromLabel: next?.fromLabel ?? '' });
    editorRef.current?.setSignature(next?.signatureHtml ?? '');
  };

  // ---- Attachments
  const operatorLimit = identity?.maxMessageBytes ?? 25_000_000;
  const addFiles = async (files: FileList | File[]) => {
    const list = Array.from(files);
    if (list.length === 0) return;
    setReading((n) => n + list.length);
    for (const f of list) {
      try {
        if (f.size > operatorLimit) {
          onToast({ kind: 'error', text: t('compose.att.tooBig', { name: f.name, size: formatSize(f.size, i18n.language), limit: formatSize(operatorLimit, i18n.language) }) });
          continue;
        }
        const r = await readFileAsBase64(f);
        setState((s) => ({ ...s, attachments: [...s.attachments, { ...r, id: attachmentId() }] }));
        touch();
      } catch {
        onToast({ kind: 'error', text: t('compose.att.readFailed', { name: f.name }) });
      } finally {
        setReading((n) => n - 1);
      }
    }
  };

  // ---- Size
  const patient = hasPatient(state);
  const limit = applicableLimit(operatorLimit, patient);
  const htmlNow = editorRef.current?.html() ?? startHtml;
  const estimated = estimateMessageBytes({ html: htmlNow, text: '', attachmentBytes: state.attachments.map((a) => a.size) }) + Math.ceil(utf8Length(htmlNow) * 0.6);
  const overLimit = estimated > limit.bytes;
  const attBytes = state.attachments.reduce((n, a) => n + a.size, 0);

  // ---- Send
  const untrusted = allRecipients(state).filter((c) => c.valid && !c.trusted);
  const send = async (confirmedUntrusted = false) => {
    setSendError(null);
    const s = stateRef.current;
    const all = allRecipients(s);
    if (!s.bal) {
      fromRef.current?.focus();
      return setSendError(t('compose.err.noBal'));
    }
    if (all.length === 0) return setSendError(t('compose.err.noRecipient'));
    const invalid = all.filter((c) => !c.valid);
    if (invalid.length) return setSendError(t('compose.err.invalid', { list: invalid.map((c) => c.address).join(', ') }));
    if (reading > 0) return setSendError(t('compose.err.reading'));
    if (overLimit) {
      return setSendError(
        t(limit.reason === 'patient' ? 'compose.err.tooBigPatient' : 'compose.err.tooBig', {
          size: formatSize(estimated, i18n.language),
          limit: formatSize(limit.bytes, i18n.language),
        }),
      );
    }
    if (untrusted.length && !confirmedUntrusted) return setConfirm('untrusted');
    setConfirm(null);
    setSending(true);
    try {
      const [conn, session] = await Promise.all([mss.invoke('connectivity.get').catch(() => null), mss.invoke('session.get').catch(() => null)]);
      finished.current = true;
      await saving.current;
      const draft = toDraft(stateRef.current, editorRef.current?.html() ?? '');
      const item = await mss.invoke('compose.send', draft);
      if (draft.draftId !== undefined) void mss.invoke('drafts.delete', draft.draftId).catch(() => {});
      const offline = !!conn && !conn.online;
      onSent(item, offline || !!session?.locked || !!session?.offline);
      dialogRef.current?.close();
      onClose();
    } catch (e) {
      finished.current = false;
      setSendError(errorText(e));
      setSending(false);
    }
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key === 'Enter') {
      e.preventDefault();
      void send();
    } else if (mod && e.key.toLowerCase() === 's') {
      e.preventDefault();
      void saveDraft();
    } else if (e.key === 'Escape' && !e.defaultPrevented) {
      e.preventDefault();
      if (confirm) setConfirm(null);
      else requestClose();
    }
  };

  const setChips = (field: Field) => (chips: Chip[]) => update({ [field]: chips } as Partial<ComposeState>);
  const used = useMemo(() => new Set(allRecipients(state).map((c) => c.key)), [state]);
  const title =
    state.inReplyToMessageId !== undefined ? t('compose.title.reply')
    : state.forwardOfMessageId !== undefined ? t('compose.title.forward')
    : !fresh && initial?.draftId !== undefined ? t('compose.title.draft')
    : t('compose.title.new');
  const balType = identity?.summary?.type ?? 'APP';

  return (
    <dialog
      ref={dialogRef}
      className={`dialog composer ${dragging ? 'composer--drop' : ''}`}
      aria-labelledby="composer-title"
      data-bal-type={balType}
      onCancel={(e) => {
        e.preventDefault();
        requestClose();
      }}
      onClose={() => {
        if (!finished.current) {
          void saveDraft().then(syncToServer);
          onClose();
        }
      }}
      onKeyDown={onKeyDown}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) {
          e.preventDefault();
          setDragging(true);
        }
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        void addFiles(e.dataTransfer.files);
      }}
      data-testid="composer"
    >
      <header className="composer__head">
        <h2 id="composer-title">{title}</h2>
        <span className="composer__saved" role="status" data-testid="draft-status">
          {saveError ? <span className="composer__saved--error">{t('compose.draftFailed', { message: saveError })}</span> : savedAt ? t('compose.draftSaved', { time: formatTime(savedAt, i18n.language) }) : ''}
        </span>
        <button type="button" className="icon-button composer__close" onClick={requestClose} aria-label={t('compose.close')} title={`${t('compose.close')} (Échap)`}>
          ×
        </button>
      </header>

      <div className="composer__fields">
        <div className="composer__row composer__from">
          <label className="composer__label" htmlFor="compose-from">
            {t('compose.from')}
          </label>
          {state.bal && <span className={`bal-badge bal-badge--${balType}`}>{balType}</span>}
          <select id="compose-from" ref={fromRef} value={state.bal} onChange={(e) => changeIdentity(e.target.value)} data-testid="compose-from" aria-describedby={unified ? 'compose-from-note' : undefined} aria-invalid={!state.bal || undefined}>
            {!state.bal && (
              <option value="" disabled>
                {t('compose.fromChoose')}
              </option>
            )}
            {identities.map((i) => (
              <option key={i.bal} value={i.bal}>
                {i.summary ? `${i.summary.label} — ${i.bal}` : i.bal}
              </option>
            ))}
          </select>
          <label className="composer__label composer__label--inline" htmlFor="compose-from-label">
            {t('compose.fromLabel')}
          </label>
          <input
            id="compose-from-label"
            className="composer__from-label"
            value={state.fromLabel}
            maxLength={200}
            onChange={(e) => update({ fromLabel: e.target.value })}
            title={t('compose.fromLabelHint')}
            spellCheck={false}
            data-testid="compose-from-label"
          />
        </div>
        {unified && !initial && (
          <p id="compose-from-note" className={`composer__from-note ${state.bal ? '' : 'composer__from-note--ask'}`} role="status" data-testid="compose-from-note">
            {state.bal
              ? t(defaultIdentity && state.bal.toLowerCase() === defaultIdentity.toLowerCase() ? 'compose.fromUnifiedDefault' : 'compose.fromUnifiedChosen', { bal: identity?.summary?.label ?? state.bal })
              : t('compose.fromUnifiedAsk')}
          </p>
        )}
        <div className="composer__row composer__rcpt-row">
          <RecipientField ref={toRef} label={t('compose.to')} chips={state.to} onChange={setChips('to')} exclude={used} testId="compose-to" />
          <span className="composer__cc-toggles">
            {!showCc && (
              <button type="button" className="link-like" onClick={() => setShowCc(true)} data-testid="show-cc">
                {t('compose.cc')}
              </button>
            )}
            {!showBcc && (
              <button type="button" className="link-like" onClick={() => setShowBcc(true)} data-testid="show-bcc">
                {t('compose.bcc')}
              </button>
            )}
          </span>
        </div>
        {showCc && (
          <div className="composer__row">
            <RecipientField label={t('compose.cc')} chips={state.cc} onChange={setChips('cc')} exclude={used} testId="compose-cc" />
          </div>
        )}
        {showBcc && (
          <div className="composer__row">
            <RecipientField label={t('compose.bcc')} chips={state.bcc} onChange={setChips('bcc')} exclude={used} testId="compose-bcc" />
          </div>
        )}
        {untrusted.length > 0 && (
          <p className="compose-note compose-note--warn" role="note" data-testid="untrusted-warning">
            {t('compose.rcpt.untrustedNote', { count: untrusted.length })}
          </p>
        )}
        <div className="composer__row">
          <label className="composer__label" htmlFor="compose-subject">
            {t('compose.subject')}
          </label>
          <input
            id="compose-subject"
            className="composer__subject"
            value={state.subject}
            maxLength={998}
            onChange={(e) => update({ subject: e.target.value })}
            spellCheck
            lang="fr"
            data-testid="compose-subject"
          />
        </div>
      </div>

      <RichEditor ref={editorRef} initialHtml={startHtml} onInput={touch} label={t('compose.body')} />

      <AttachmentsField
        attachments={state.attachments}
        onRemove={(id) => update({ attachments: state.attachments.filter((a) => a.id !== id) })}
        forwardAsAttachment={!!state.forwardAsAttachment}
        reading={reading}
      />

      <fieldset className="composer__options">
        <legend className="visually-hidden">{t('compose.options')}</legend>
        <label className="checkbox">
          <input type="checkbox" checked={state.requestDsn} onChange={(e) => update({ requestDsn: e.target.checked })} data-testid="opt-dsn" />
          <span>{t('compose.opt.dsn')}</span>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={state.requestReadReceipt} onChange={(e) => update({ requestReadReceipt: e.target.checked })} data-testid="opt-mdn" />
          <span>{t('compose.opt.mdn')}</span>
        </label>
        <label className={`checkbox ${patient ? '' : 'checkbox--disabled'}`} title={patient ? undefined : t('compose.opt.noReplyHint')}>
          <input
            type="checkbox"
            checked={endsExchange({ subject: state.subject, patientNoReply: state.patientNoReply, towardsPatient: patient })}
            disabled={!patient || hasFinMarker(state.subject)}
            onChange={(e) => update({ patientNoReply: e.target.checked })}
            data-testid="opt-noreply"
          />
          <span>{t('compose.opt.noReply')}</span>
        </label>
      </fieldset>
      <MesNotes state={state} patient={patient} />

      {confirm === 'untrusted' && (
        <div className="composer__confirm" role="alertdialog" aria-labelledby="confirm-untrusted" data-testid="confirm-untrusted">
          <p id="confirm-untrusted">{t('compose.confirmUntrusted', { list: untrusted.map((c) => c.address).join(', ') })}</p>
          <div className="composer__confirm-actions">
            <button type="button" className="button" autoFocus onClick={() => setConfirm(null)}>
              {t('compose.backToEdit')}
            </button>
            <button type="button" className="button button--danger" onClick={() => void send(true)} data-testid="confirm-untrusted-send">
              {t('compose.sendAnyway')}
            </button>
          </div>
        </div>
      )}
      {confirm === 'discard' && (
        <div className="composer__confirm" role="alertdialog" aria-labelledby="confirm-discard" data-testid="confirm-discard">
          <p id="confirm-discard">{t('compose.confirmDiscard')}</p>
          <div className="composer__confirm-actions">
            <button type="button" className="button button--primary" autoFocus onClick={() => void saveAndClose()} data-testid="discard-save">
              {t('compose.keepDraft')}
            </button>
            <button type="button" className="button button--danger" onClick={() => void discard()} data-testid="discard-delete">
              {t('compose.deleteDraft')}
            </button>
            <button type="button" className="button" onClick={() => setConfirm(null)} data-testid="discard-continue">
              {t('compose.continue')}
            </button>
          </div>
        </div>
      )}

      <footer className="composer__foot">
        <button type="button" className="button button--primary composer__send" onClick={() => void send()} disabled={sending} data-testid="compose-send" title="Ctrl+Entrée">
          {sending ? t('compose.sending') : t('compose.send')}
        </button>
        <button type="button" className="button" onClick={() => fileRef.current?.click()} data-testid="compose-attach">
          {t('compose.att.add')}
        </button>
        <input
          ref={fileRef}
          type="file"
          multiple
          hidden
          onChange={(e) => {
            if (e.target.files) void addFiles(e.target.files);
            e.target.value = '';
          }}
          data-testid="compose-file-input"
        />
        <span className={`composer__size ${overLimit ? 'composer__size--over' : ''}`} data-testid="compose-size">
          {t(limit.reason === 'patient' ? 'compose.sizePatient' : 'compose.size', {
            atts: formatSize(attBytes, i18n.language),
            size: formatSize(estimated, i18n.language),
            limit: formatSize(limit.bytes, i18n.language),
          })}
        </span>
        <span className="composer__hint">{t('compose.dropHint')}</span>
      </footer>
      {sendError && (
        <p className="composer__error" role="alert" data-testid="compose-error">
          {sendError}
        </p>
      )}
      {dragging && (
        <div className="composer__dropzone" aria-hidden="true">
          {t('compose.dropHere')}
        </div>
      )}
    </dialog>
  );
}
