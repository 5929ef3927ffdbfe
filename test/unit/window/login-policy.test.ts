// The PSC login window's policy, as plain functions (the Electron wiring only calls them): navigation and
// the card's client certificate limited to the PSC origins of the configuration; no permission, no download.
import { describe, expect, it } from 'vitest';
import {
  clientCertificateAllowed, loginDownloadAllowed, loginNavigationAllowed, loginPermissionAllowed, pscLoginPolicy,
} from '../../../main/window/login-policy';

const policy = pscLoginPolicy({
  loginUrl: 'https://wallet.esw.esante.gouv.fr/auth?client_id=x',
  psc: [{ issuer: 'https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet', authUrl: 'https://auth.esw.esante.gouv.fr/auth' }],
});

describe('PSC login window policy', () => {
  it('navigates only to the PSC origins of the configuration and the loopback callback', () => {
    expect(loginNavigationAllowed('https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet/protocol/openid-connect/auth?x=1', policy)).toBe(true);
    expect(loginNavigationAllowed('https://wallet.esw.esante.gouv.fr/login', policy)).toBe(true);
    expect(loginNavigationAllowed('http://127.0.0.1:53123/callback?code=a&state=b', policy)).toBe(true);
    for (const bad of [
      'https://evil.example/phish', 'https://esante.gouv.fr.evil.example/', 'https://auth.esw.esante.gouv.fr.evil.example/',
      'http://auth.esw.esante.gouv.fr/', 'http://evil.example/callback', 'http://127.0.0.1:5000/other', 'file:///etc/passwd',
      'javascript:alert(1)', 'app://mssante/index.html', 'http://localhost:4000/callback',
    ]) {
      expect(loginNavigationAllowed(bad, policy), bad).toBe(false);
    }
  });

  it('offers the card certificate to the PSC origins only', () => {
    expect(clientCertificateAllowed('https://auth.esw.esante.gouv.fr/', policy)).toBe(true);
    expect(clientCertificateAllowed('https://auth.esw.esante.gouv.fr:443', policy)).toBe(true);
    for (const bad of ['https://evil.example/', 'https://mtls.evil.example:8443', 'http://auth.esw.esante.gouv.fr/', 'not a url']) {
      expect(clientCertificateAllowed(bad, policy), bad).toBe(false);
    }
    expect(clientCertificateAllowed('https://auth.esw.esante.gouv.fr/', null)).toBe(false);
  });

  it('sandbox: the loopback PSC and its card origin on another port', () => {
    const sandbox = pscLoginPolicy({ loginUrl: 'https://127.0.0.1:10443/auth?x', psc: [{ issuer: 'https://127.0.0.1:10443/realm' }], extraOrigins: ['https://127.0.0.1:10445'] });
    expect(loginNavigationAllowed('https://127.0.0.1:10445/interaction/1', sandbox)).toBe(true);
    expect(clientCertificateAllowed('https://127.0.0.1:10445', sandbox)).toBe(true);
    expect(clientCertificateAllowed('https://127.0.0.1:9999', sandbox)).toBe(false);
    // In test mode every loopback https page is the sandbox's (its card origin is not in the configuration).
    const testMode = pscLoginPolicy({ loginUrl: 'https://127.0.0.1:10443/auth?x', psc: [], testMode: true });
    expect(clientCertificateAllowed('https://127.0.0.1:10445', testMode)).toBe(true);
    expect(clientCertificateAllowed('https://evil.example', testMode)).toBe(false);
  });

  it('refuses every permission check and every download', () => {
    for (const p of ['media', 'notifications', 'geolocation', 'clipboard-read', 'hid', 'serial', 'usb']) expect(loginPermissionAllowed(p)).toBe(false);
    expect(loginDownloadAllowed()).toBe(false);
  });
});
