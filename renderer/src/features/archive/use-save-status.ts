// A short status line for archive/export actions: what was saved where, or the error in French.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../mail/hooks';

export function useSaveStatus() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async <T,>(p: () => Promise<T>, describe: (v: T) => string) => {
    setBusy(true);
    setStatus({ kind: 'ok', text: t('archive.actions.working') });
    try {
      const v = await p();
      setStatus({ kind: 'ok', text: describe(v) });
      return v;
    } catch (e) {
      setStatus({ kind: 'error', text: errorText(e) });
      return null;
    } finally {
      setBusy(false);
    }
  };
  return { status, busy, run, clear: () => setStatus(null) };
}
