// Short confirmations and failures at the bottom of the window (polite live region; errors stay longer).
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

export interface Toast {
  id: number;
  kind: 'ok' | 'error' | 'info';
  text: string;
  testId?: string;
  /** One button next to the text (e.g. "Annuler" after a delete); the toast closes once it is used. */
  action?: { label: string; run: () => void; testId?: string };
}

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss: (id: number) => void }) {
  const { t } = useTranslation();
  useEffect(() => {
    // An undo offer stays long enough to be read and used; errors stay longer than confirmations.
    const h = setTimeout(() => onDismiss(toast.id), toast.kind === 'error' ? 12_000 : toast.action ? 10_000 : 6_000);
    return () => clearTimeout(h);
  }, [toast, onDismiss]);
  return (
    <div className={`toast toast--${toast.kind}`} data-testid={toast.testId ?? 'toast'}>
      <span>{toast.text}</span>
      {toast.action && (
        <button
          type="button"
          className="toast__action"
          data-testid={toast.action.testId}
          onClick={() => {
            toast.action?.run();
            onDismiss(toast.id);
          }}
        >
          {toast.action.label}
        </button>
      )}
      <button type="button" className="toast__close" onClick={() => onDismiss(toast.id)} aria-label={t('compose.close')}>
        ×
      </button>
    </div>
  );
}

export function Toasts({ toasts, onDismiss }: { toasts: Toast[]; onDismiss: (id: number) => void }) {
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((x) => (
        <ToastItem key={x.id} toast={x} onDismiss={onDismiss} />
      ))}
    </div>
  );
}
