// Sending settings of this workstation: signature per BAL, Annuaire Santé access, automatic read
// receipts, X-MSS-NIL product reference and the operator's size limit (settings.composeGet/Update).
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ComposeSettings } from '../../../../shared/types';
import { mss } from '../../bridge';
import { errorText } from '../mail/hooks';
import { htmlToText, textToHtml } from '../../../../shared/html-text';
import { type Identity, useIdentities } from './use-identities';

const MB = 1_000_000;

export function ComposeSettingsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const { identities } = useIdentities();
  const [settings, setSettings] = useState<ComposeSettings | null>(null);
  const [signatures, setSignatures] = useState<Record<string, string>>({});
  const [apiKey, setApiKey] = useState('');
  const [maxMb, setMaxMb] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    mss.invoke('settings.composeGet').then(
      (s) => {
        setSettings(s);
        setSignatures(Object.fromEntries(Object.entries(s.signatures).map(([bal, html]) => [bal, htmlToText(html)])));
        setMaxMb(String(Math.round(s.maxMessageBytes / MB)));
      },
      (e: unknown) => setError(errorText(e)),
    );
  }, []);

  const save = async () => {
    if (!settings) return;
    setError(null);
    if (!/^https:\/\//i.test(settings.directoryUrl.trim())) return setError(t('compose.settings.urlInvalid'));
    const mb = Number(maxMb.replace(',', '.'));
    if (!Number.isFinite(mb) || mb < 1 || mb > 200) return setError(t('compose.settings.sizeInvalid'));
    setSaving(true);
    try {
      await mss.invoke('settings.composeUpdate', {
        nil: settings.nil.trim(),
        autoMdn: settings.autoMdn,
        directoryUrl: settings.directoryUrl.trim(),
        maxMessageBytes: Math.round(mb * MB),
        signatures: Object.fromEntries(Object.entries(signatures).map(([bal, text]) => [bal, text.trim() ? textToHtml(text.trim()) : ''])),
        ...(apiKey.trim() ? { directoryApiKey: apiKey.trim() } : {}),
      });
      ref.current?.close();
      onClose();
    } catch (e) {
      setError(errorText(e));
      setSaving(false);
    }
  };

  const sigField = (i: Identity) => (
    <label key={i.bal} className="field">
      <span className="field__label">{i.summary ? `${i.summary.label} — ${i.bal}` : i.bal}</span>
      <textarea
        rows={3}
        value={signatures[i.bal] ?? ''}
        onChange={(e) => setSignatures((s) => ({ ...s, [i.bal]: e.target.value }))}
        spellCheck
        lang="fr"
        data-testid={`signature-${i.bal}`}
      />
    </label>
  );

  return (
    <dialog ref={ref} className="dialog compose-settings" aria-labelledby="compose-settings-title" onClose={onClose} data-testid="compose-settings">
      <h2 id="compose-settings-title">{t('compose.settings.title')}</h2>
      {!settings ? (
        error ? <p className="alert alert--error" role="alert">{error}</p> : <p role="status">{t('compose.loading')}</p>
      ) : (
        <form
          className="compose-settings__form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <fieldset>
            <legend>{t('compose.settings.signatures')}</legend>
            {(identities ?? []).map(sigField)}
          </fieldset>
          <fieldset>
            <legend>{t('compose.settings.directory')}</legend>
            <label className="field">
              <span className="field__label">{t('compose.settings.directoryUrl')}</span>
              <input type="url" value={settings.directoryUrl} onChange={(e) => setSettings({ ...settings, directoryUrl: e.target.value })} data-testid="settings-directory-url" />
            </label>
            <label className="field">
              <span className="field__label">{t('compose.settings.apiKey')}</span>
              <input
                type="password"
                value={apiKey}
                autoComplete="off"
                placeholder={settings.directoryApiKeySet ? t('compose.settings.apiKeySet') : t('compose.settings.apiKeyNone')}
                onChange={(e) => setApiKey(e.target.value)}
                data-testid="settings-api-key"
              />
            </label>
          </fieldset>
          <fieldset>
            <legend>{t('compose.settings.sending')}</legend>
            <label className="checkbox">
              <input type="checkbox" checked={settings.autoMdn} onChange={(e) => setSettings({ ...settings, autoMdn: e.target.checked })} />
              <span>{t('compose.settings.autoMdn')}</span>
            </label>
            <div className="compose-settings__row">
              <label className="field">
                <span className="field__label">{t('compose.settings.nil')}</span>
                <input value={settings.nil} onChange={(e) => setSettings({ ...settings, nil: e.target.value })} />
              </label>
              <label className="field">
                <span className="field__label">{t('compose.settings.maxSize')}</span>
                <input inputMode="decimal" value={maxMb} onChange={(e) => setMaxMb(e.target.value)} />
              </label>
            </div>
          </fieldset>
          {error && (
            <p className="alert alert--error" role="alert">
              {error}
            </p>
          )}
          <div className="compose-settings__actions">
            <button type="submit" className="button button--primary" disabled={saving} data-testid="settings-save">
              {t('compose.settings.save')}
            </button>
            <button type="button" className="button" onClick={() => ref.current?.close()}>
              {t('compose.settings.cancel')}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
