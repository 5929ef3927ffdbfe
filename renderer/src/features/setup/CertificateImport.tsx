// Import of a software certificate (PKCS#12, .p12 / .pfx) for an APP or ORG BAL: file picker or drop,
// password, then what the certificate says (identity, issuer, expiry). Main checks everything again.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SoftwareCertificateView } from '../../../../shared/types';
import { mss } from '../../bridge';

const MAX_BYTES = 1_000_000;

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function CertificateImport({ bal }: { bal: string }) {
  const { t, i18n } = useTranslation();
  const ids = useId().replace(/:/g, '');
  const [file, setFile] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [imported, setImported] = useState<SoftwareCertificateView | null>(null);
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    let live = true;
    mss.invoke('certificates.get', bal).then((c) => live && setImported(c), () => undefined);
    return () => {
      live = false;
    };
  }, [bal]);

  const choose = (f: File | undefined) => {
    setError(null);
    if (!f) return;
    if (f.size > MAX_BYTES) {
      setError(t('setup.certificate.tooLarge'));
      return;
    }
    setFile(f);
  };

  const submit = async () => {
    if (!file) {
      setError(t('setup.certificate.noFile'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const view = await mss.invoke('certificates.import', { bal, fileName: file.name, contentBase64: await toBase64(file), password });
      setImported(view);
      setFile(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setPassword('');
      setBusy(false);
    }
  };

  const date = (ms: number) => new Date(ms).toLocaleDateString(i18n.language === 'en' ? 'en-GB' : 'fr-FR', { day: 'numeric', month: 'long', year: 'numeric' });

  return (
    <section className="cert-import" aria-label={t('setup.certificate.title')} data-testid="cert-import">
      <p className="cert-import__intro">{t('setup.certificate.intro')}</p>
      {imported && (
        <div className="cert-import__result" role="status" data-testid="cert-import-result">
          <p className="trust trust--ok">✓ {t('setup.certificate.imported')}</p>
          <dl className="settings">
            <div className="settings-row">
              <dt>{t('setup.certificate.identity')}</dt>
              <dd>{imported.identity}</dd>
            </div>
            <div className="settings-row">
              <dt>{t('setup.certificate.subject')}</dt>
              <dd>{imported.subject}</dd>
            </div>
            <div className="settings-row">
              <dt>{t('setup.certificate.issuer')}</dt>
              <dd>
                {imported.issuer}
                {imported.issuerTrusted ? ` — ${t('setup.certificate.issuerTrusted')}` : ''}
              </dd>
            </div>
            <div className="settings-row">
              <dt>{t('setup.certificate.validTo')}</dt>
              <dd data-testid="cert-import-valid-to">{t('setup.certificate.validRange', { from: date(imported.validFrom), to: date(imported.validTo) })}</dd>
            </div>
            <div className="settings-row">
              <dt>{t('setup.certificate.fingerprint')}</dt>
              <dd>
                <code className="cert-import__fingerprint">{imported.fingerprint256}</code>
              </dd>
            </div>
          </dl>
        </div>
      )}
      <form
        className="cert-import__form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label
          className={`cert-import__drop${dragging ? ' cert-import__drop--over' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            choose(e.dataTransfer.files[0]);
          }}
        >
          {/* The native control's text follows the browser's language, not the app's: hidden, our own button shown. */}
          <input
            type="file"
            className="visually-hidden"
            accept=".p12,.pfx,application/x-pkcs12"
            onChange={(e) => {
              choose(e.target.files?.[0]);
              e.target.value = '';
            }}
            aria-describedby={`${ids}-file`}
            data-testid="cert-import-file"
            disabled={busy}
          />
          <span className="button cert-import__browse" aria-hidden="true">
            {t('setup.certificate.browse')}
          </span>
          <span id={`${ids}-file`}>{file ? t('setup.certificate.chosen', { name: file.name }) : t('setup.certificate.drop')}</span>
        </label>
        <label className="field">
          <span className="field__label">{t('setup.certificate.password')}</span>
          <input type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="cert-import-password" disabled={busy} />
        </label>
        {error && (
          <div className="alert alert--error" role="alert" data-testid="cert-import-error">
            <p>{error}</p>
          </div>
        )}
        <button type="submit" className="button" disabled={busy || !file} data-testid="cert-import-submit">
          {busy ? t('setup.certificate.importing') : imported ? t('setup.certificate.replace') : t('setup.certificate.import')}
        </button>
      </form>
    </section>
  );
}
