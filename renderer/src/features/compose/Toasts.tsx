// Short confirmations and failures at the bottom of the window (polite live region; errors stay longer).
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

export interface Toast {
  id: number;
  kind: 'ok' | 'error' | 'info';
  text: string;
  testId?: string;
}

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss: (id: number) => void }) {
  const { t } = useTranslation();
  useEffect(() => {
    const h = setTimeout(() => onDismiss(toast.id), toast.kind === 'error' ? 12_000 : 6_000);
    return () => clearTimeout(h);
  }, [toast, onDismiss]);
  return (
    <div className={`toast toast--${toast.kind}`} data-testid={toast.testId ?? 'toast'}>
      <span>{toast.text}</span>
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
