import { useTranslation } from 'react-i18next';
import type { DiscoveredAccount, ServerSettingsView } from '../../../../shared/types';
import { CertificateImport } from './CertificateImport';

interface Props {
  account: DiscoveredAccount;
  ack: boolean;
  /** Outside hosts (host policy) the user confirmed by name. */
  confirmed: string[];
  onConfirm: (hosts: string[]) => void;
  onAck: (v: boolean) => void;
  edits: { imap?: ServerSettingsView; smtp?: ServerSettingsView };
  onEdit: (e: { imap?: ServerSettingsView; smtp?: ServerSettingsView }) => void;
  onSave: () => void;
  saveError: string | null;
}

function ServerRow({ label, server, authLabel }: { label: string; server: ServerSettingsView; authLabel: string }) {
  const { t } = useTranslation();
  return (
    <div className="settings-row">
      <dt>{label}</dt>
      <dd>
        <code>
          {server.host}:{server.port}
        </code>{' '}
        · {t(`setup.security.${server.security}`)} · {authLabel}
      </dd>
    </div>
  );
}

function ServerEditor({ which, server, onChange }: { which: 'imap' | 'smtp'; server: ServerSettingsView; onChange: (s: ServerSettingsView) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset className="server-editor">
      <legend>{which === 'imap' ? t('setup.incoming') : t('setup.outgoing')}</legend>
      <label className="field field--inline">
        <span className="field__label">{t('setup.host')}</span>
        <input value={server.host} onChange={(e) => onChange({ ...server, host: e.target.value })} data-testid={`setup-${which}-host`} />
      </label>
      <label className="field field--inline field--port">
        <span className="field__label">{t('setup.port')}</span>
        <input
          type="number"
          min={1}
          max={65535}
          value={server.port}
          onChange={(e) => onChange({ ...server, port: Number(e.target.value) || server.port })}
        />
      </label>
      <label className="field field--inline">
        <span className="field__label">TLS</span>
        <select value={server.security} onChange={(e) => onChange({ ...server, security: e.target.value === 'tls' ? 'tls' : 'starttls' })}>
          <option value="starttls">STARTTLS</option>
          <option value="tls">TLS</option>
        </select>
      </label>
    </fieldset>
  );
}

export function DiscoveredSettings({ account, ack, onAck, confirmed, onConfirm, edits, onEdit, onSave, saveError }: Props) {
  const { t } = useTranslation();
  const authLabel = (s: ServerSettingsView) =>
    s.auth === 'oauth2'
      ? `${t('setup.authOauth2')}${account.psc ? ` (${account.psc.flows.map((f) => t(`setup.flows.${f}`)).join(', ')})` : ''}`
      : s.auth === 'external'
        ? t('setup.authExternal')
        : t('setup.authPassword');
  const imap = edits.imap ?? account.imap;
  const smtp = edits.smtp ?? account.smtp;
  return (
    <section className="setup__found" aria-labelledby="setup-found-title" data-testid="setup-found">
      <h3 id="setup-found-title">{t('setup.found')}</h3>
      <p className="setup__source">{t('setup.foundFrom', { source: `${t(`setup.sources.${account.source}`)}${account.url ? ` — ${account.url}` : ''}` })}</p>
      <dl className="settings">
        {account.displayName && (
          <div className="settings-row">
            <dt>{t('setup.operator')}</dt>
            <dd>{account.displayName}</dd>
          </div>
        )}
        <ServerRow label={t('setup.incoming')} server={imap} authLabel={authLabel(imap)} />
        <ServerRow label={t('setup.outgoing')} server={smtp} authLabel={authLabel(smtp)} />
        <div className="settings-row">
          <dt>{t('setup.auth')}</dt>
          <dd>{account.psc ? account.psc.issuer : '—'}</dd>
        </div>
      </dl>
      <p className="setup__cap">{t('setup.cap', { count: account.connectionCap })}</p>
      {account.trusted ? (
        <p className="trust trust--ok" data-testid="setup-trusted">
          ✓ {account.trustInfo ? t('setup.trustedInfo', { label: account.trustInfo.label }) : t('setup.trusted')}
          {account.trustListDate && <span className="trust__date" data-testid="setup-trust-date"> — {t('setup.trustListDate', { date: account.trustListDate })}</span>}
        </p>
      ) : (
        <div className="alert alert--warning" role="alert" data-testid="setup-untrusted">
          <p>{t('setup.untrusted')}</p>
          {account.trustListDate && <p className="trust__date" data-testid="setup-trust-date">{t('setup.trustListDate', { date: account.trustListDate })}</p>}
          <label className="checkbox">
            <input type="checkbox" checked={ack} onChange={(e) => onAck(e.target.checked)} data-testid="setup-ack" />
            <span>{t('setup.acknowledge')}</span>
          </label>
        </div>
      )}
      {account.outsideHosts.length > 0 && (
        <div className="alert alert--warning" role="alert" data-testid="setup-outside-hosts">
          <p>{t('setup.outsideHosts', { domain: account.address.split('@')[1] ?? '' })}</p>
          {account.outsideHosts.map((host) => (
            <label className="checkbox" key={host}>
              <input
                type="checkbox"
                checked={confirmed.includes(host)}
                onChange={(e) => onConfirm(e.target.checked ? [...confirmed, host] : confirmed.filter((h) => h !== host))}
                data-testid="setup-confirm-host"
              />
              <span>{t('setup.confirmHost', { host })}</span>
            </label>
          ))}
        </div>
      )}
      {account.warnings.length > 0 && (
        <ul className="setup__warnings">
          {account.warnings.map((w) => (
            <li key={w.code}>{w.message}</li>
          ))}
        </ul>
      )}
      {account.certificateAuth && (
        <details className="setup__certificate" data-testid="setup-certificate">
          <summary>{t('setup.certificate.title')}</summary>
          <CertificateImport bal={account.address} />
        </details>
      )}
      <details className="setup__advanced">
        <summary>{t('setup.advanced')}</summary>
        <ServerEditor which="imap" server={imap} onChange={(s) => onEdit({ ...edits, imap: s })} />
        <ServerEditor which="smtp" server={smtp} onChange={(s) => onEdit({ ...edits, smtp: s })} />
      </details>
      {saveError && (
        <p className="field__error" role="alert" data-testid="setup-save-error">
          {saveError}
        </p>
      )}
      <button type="button" className="button button--primary" onClick={onSave} disabled={(!account.trusted && !ack) || account.outsideHosts.some((h) => !confirmed.includes(h))} data-testid="setup-save">
        {t('setup.save')}
      </button>
    </section>
  );
}
