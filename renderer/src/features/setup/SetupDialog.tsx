import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DiscoveredAccount, DiscoveryProgress, DiscoverySourceId, ServerSettingsView } from '../../../../shared/types';
import { useEvent } from '../../app/use-bridge';
import { mss } from '../../bridge';
import { DiscoveredSettings } from './DiscoveredSettings';
import { isHttpsUrl, isValidAddress } from './validation';
import '../../styles/setup.css';

type Phase = { kind: 'form' } | { kind: 'searching' } | { kind: 'found'; account: DiscoveredAccount } | { kind: 'error'; message: string };

const SOURCE_ORDER: DiscoverySourceId[] = ['explicit-url', 'autoconfig-subdomain', 'well-known', 'dns-srv', 'known-operators'];

export function SetupDialog({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: (address: string) => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const [address, setAddress] = useState('');
  const [useUrl, setUseUrl] = useState(false);
  const [url, setUrl] = useState('');
  const [touched, setTouched] = useState(false);
  const [phase, setPhase] = useState<Phase>({ kind: 'form' });
  const [progress, setProgress] = useState<Partial<Record<DiscoverySourceId, DiscoveryProgress>>>({});
  const [ack, setAck] = useState(false);
  const [confirmed, setConfirmed] = useState<string[]>([]);
  const [edits, setEdits] = useState<{ imap?: ServerSettingsView; smtp?: ServerSettingsView }>({});
  const [saveError, setSaveError] = useState<string | null>(null);

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);

  useEvent('setup.progress', (p) => setProgress((prev) => ({ ...prev, [p.source]: p })));

  const addressOk = isValidAddress(address);
  const urlOk = !useUrl || isHttpsUrl(url);

  const search = async () => {
    setTouched(true);
    if (!addressOk || !urlOk) return;
    setProgress({});
    setSaveError(null);
    setAck(false);
    setConfirmed([]);
    setEdits({});
    setPhase({ kind: 'searching' });
    try {
      const account = await mss.invoke('setup.discover', { address: address.trim(), ...(useUrl ? { url: url.trim() } : {}) });
      setPhase({ kind: 'found', account });
    } catch (e) {
      setPhase({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  };

  const save = async () => {
    if (phase.kind !== 'found') return;
    setSaveError(null);
    try {
      const bal = await mss.invoke('setup.saveAccount', { address: phase.account.address, acknowledgeUntrusted: ack, confirmHosts: confirmed, ...edits });
      onSaved(bal.address);
      setPhase({ kind: 'form' });
      setAddress('');
      setUrl('');
      setTouched(false);
    } catch (e) {
      setSaveError(e instanceof Error ? e.message : String(e));
    }
  };

  const close = () => {
    if (phase.kind === 'searching') void mss.invoke('setup.cancel');
    setPhase({ kind: 'form' });
    onClose();
  };

  const shownSources = SOURCE_ORDER.filter((s) => progress[s]);

  return (
    <dialog ref={ref} className="dialog setup" aria-labelledby="setup-title" onClose={close} data-testid="setup-dialog">
      <h2 id="setup-title">{t('setup.title')}</h2>
      <p className="setup__intro">{t('setup.intro')}</p>
      <form
        className="setup__form"
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
        noValidate
      >
        <label className="field">
          <span className="field__label">{t('setup.address')}</span>
          <input
            type="email"
            value={address}
            autoFocus
            placeholder={t('setup.addressPlaceholder')}
            onChange={(e) => setAddress(e.target.value)}
            onBlur={() => setTouched(true)}
            aria-invalid={touched && !addressOk}
            aria-describedby={touched && !addressOk ? 'setup-address-error' : undefined}
            data-testid="setup-address"
            disabled={phase.kind === 'searching'}
          />
          {touched && !addressOk && (
            <span id="setup-address-error" className="field__error" role="alert">
              {t('setup.addressInvalid')}
            </span>
          )}
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={useUrl} onChange={(e) => setUseUrl(e.target.checked)} data-testid="setup-use-url" />
          <span>{t('setup.haveUrl')}</span>
        </label>
        {useUrl && (
          <label className="field">
            <span className="field__label">{t('setup.url')}</span>
            <input
              type="url"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              aria-invalid={touched && !urlOk}
              data-testid="setup-url"
              disabled={phase.kind === 'searching'}
            />
            {touched && !urlOk && (
              <span className="field__error" role="alert">
                {t('setup.urlInvalid')}
              </span>
            )}
          </label>
        )}
        <div className="setup__actions">
          <button type="submit" className="button button--primary" disabled={phase.kind === 'searching'} data-testid="setup-search">
            {phase.kind === 'searching' ? t('setup.searching') : t('setup.search')}
          </button>
          <button type="button" className="button" onClick={close}>
            {phase.kind === 'searching' ? t('setup.cancel') : t('setup.close')}
          </button>
        </div>
      </form>

      {shownSources.length > 0 && phase.kind !== 'found' && (
        <ol className="setup__sources" aria-live="polite" data-testid="setup-progress">
          {shownSources.map((s) => {
            const p = progress[s]!;
            return (
              <li key={s} className={`source source--${p.state}`}>
                <span className="source__name">{t(`setup.sources.${s}`)}</span>
                <span className="source__state">{t(`setup.states.${p.state}`)}</span>
                {p.message && p.state !== 'started' && <span className="source__message">{p.message}</span>}
              </li>
            );
          })}
        </ol>
      )}

      {phase.kind === 'error' && (
        <div className="alert alert--error" role="alert" data-testid="setup-error">
          <p>{phase.message}</p>
          <button type="button" className="button" onClick={() => void search()}>
            {t('setup.retry')}
          </button>
        </div>
      )}

      {phase.kind === 'found' && (
        <DiscoveredSettings
          account={phase.account}
          ack={ack}
          onAck={setAck}
          confirmed={confirmed}
          onConfirm={setConfirmed}
          edits={edits}
          onEdit={setEdits}
          onSave={() => void save()}
          saveError={saveError}
        />
      )}
    </dialog>
  );
}
