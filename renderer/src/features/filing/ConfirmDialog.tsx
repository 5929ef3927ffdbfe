// A modal question before an action that cannot be undone (permanent deletion, "Classer hors ligne").
// The safe answer has the focus; Escape cancels.
import { useEffect, useRef } from 'react';

export interface ConfirmRequest {
  title: string;
  body: string;
  ok: string;
  cancel: string;
  testId: string;
  onAnswer: (confirmed: boolean) => void;
}

export function ConfirmDialog({ request }: { request: ConfirmRequest | null }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (request && !d.open) d.showModal();
    if (!request && d.open) d.close();
  }, [request]);
  return (
    <dialog
      ref={ref}
      className="dialog confirm-dialog"
      aria-labelledby="confirm-title"
      aria-describedby="confirm-body"
      data-testid={request?.testId ?? 'confirm-dialog'}
      onCancel={(e) => {
        e.preventDefault();
        request?.onAnswer(false);
      }}
    >
      {request && (
        <>
          <h2 id="confirm-title">{request.title}</h2>
          <p id="confirm-body">{request.body}</p>
          <div className="confirm-dialog__actions">
            <button type="button" className="button" onClick={() => request.onAnswer(false)} autoFocus data-testid="confirm-cancel">
              {request.cancel}
            </button>
            <button type="button" className="button button--danger" onClick={() => request.onAnswer(true)} data-testid="confirm-ok">
              {request.ok}
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
