// Software certificates (PKCS#12) of APP / ORG BALs on this workstation: imported from the UI (bytes +
// password, checked against the BAL), kept under <profile>/certificates with the password in the
// keychain, and handed to IMAP as TLS client certificate + SASL EXTERNAL credentials.
import fs from 'node:fs';
import path from 'node:path';
import { CertificateAuthError } from './errors';
import { importPkcs12, inspectPkcs12, loadImportedPkcs12 } from './pkcs12';
import { UserError } from '../../errors';
import { KeychainUnavailableError, SECRET_SERVICE, SecretAccounts, type SecretStore } from '../../secrets';
import type { ImapCredentials } from '../../sync/types';
import type { SoftwareCertificateView } from '../../../shared/types';

const ENGLISH: Partial<Record<string, string>> = {
  'bad-password': 'The password of the software certificate (.p12 file) is wrong. Check it and try again.',
  unreadable: 'This file is not a readable PKCS#12 software certificate (.p12 / .pfx).',
  expired: 'The software certificate has expired.',
  'not-yet-valid': 'The software certificate is not valid yet. Check the computer’s date and time.',
  'not-for-bal': 'This software certificate does not belong to this mailbox.',
  'untrusted-issuer': 'This software certificate was not issued by IGC-Santé.',
};

function userError(err: unknown): unknown {
  if (err instanceof KeychainUnavailableError) {
    return new UserError(
      'certificates.keychain-unavailable',
      {
        fr: "Le trousseau du système est indisponible : le mot de passe du certificat ne peut pas y être conservé, le certificat n'a donc pas été importé. Déverrouillez votre session (ou le trousseau) puis réessayez.",
        en: 'The system keychain is unavailable: the certificate password cannot be kept there, so the certificate was not imported. Unlock your session (or the keychain) and try again.',
      },
      { cause: err },
    );
  }
  if (!(err instanceof CertificateAuthError)) return err;
  return new UserError(`certificates.${err.code}`, { fr: err.message, en: ENGLISH[err.code] ?? err.message }, { cause: err });
}

export class SoftwareCertificates {
  readonly dir: string;

  constructor(
    profileDir: string,
    private readonly secrets: SecretStore,
    /** Configured roots: when there are some, the certificate must be issued by one of them. */
    private readonly trustedCa: readonly Buffer[],
  ) {
    this.dir = path.join(profileDir, 'certificates');
  }

  private base(bal: string): string {
    return path.join(this.dir, bal.toLowerCase().replace(/[^a-z0-9.@_-]/g, '_'));
  }

  /** Whether this BAL logs in with a software certificate. */
  has(bal: string): boolean {
    return fs.existsSync(`${this.base(bal)}.p12`) && fs.existsSync(`${this.base(bal)}.json`);
  }

  get(bal: string): SoftwareCertificateView | null {
    if (!this.has(bal)) return null;
    try {
      return JSON.parse(fs.readFileSync(`${this.base(bal)}.json`, 'utf8')) as SoftwareCertificateView;
    } catch {
      return null;
    }
  }

  async import(bal: string, pfx: Buffer, password: string): Promise<SoftwareCertificateView> {
    try {
      const info = inspectPkcs12(pfx, password, { trustedCa: this.trustedCa });
      const names = [info.identity, ...info.emails].map((n) => n.toLowerCase());
      if (!names.includes(bal.toLowerCase())) throw new CertificateAuthError('not-for-bal');
      if (this.trustedCa.length > 0 && !info.issuerTrusted) throw new CertificateAuthError('untrusted-issuer');
      const imported = await importPkcs12({ bal, pfx, password, certDir: this.dir, secrets: this.secrets, trustedCa: this.trustedCa });
      if (imported.path !== `${this.base(bal)}.p12`) fs.renameSync(imported.path, `${this.base(bal)}.p12`);
      const view: SoftwareCertificateView = {
        bal,
        identity: info.identity,
        subject: info.subject,
        issuer: info.issuer,
        validFrom: info.validFrom.getTime(),
        validTo: info.validTo.getTime(),
        fingerprint256: info.fingerprint256,
        issuerTrusted: info.issuerTrusted,
      };
      fs.writeFileSync(`${this.base(bal)}.json`, JSON.stringify(view, null, 2), { mode: 0o600 });
      return view;
    } catch (err) {
      throw userError(err);
    }
  }

  async remove(bal: string): Promise<boolean> {
    const had = this.has(bal);
    for (const ext of ['.p12', '.json']) fs.rmSync(`${this.base(bal)}${ext}`, { force: true });
    await this.secrets.delete(SECRET_SERVICE, SecretAccounts.p12Password(bal)).catch(() => false);
    return had;
  }

  /** IMAP credentials of a BAL with a certificate (null: it logs in with PSC). */
  async credentials(bal: string): Promise<ImapCredentials | null> {
    if (!this.has(bal)) return null;
    const { pfx, passphrase } = await loadImportedPkcs12(bal, `${this.base(bal)}.p12`, this.secrets);
    return { user: bal, auth: { kind: 'certificate', pfx: new Uint8Array(pfx), passphrase, authzid: bal } };
  }
}
