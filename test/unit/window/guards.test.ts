import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCsp, securityHeaders } from '../../../main/window/csp';
import { isSafeExternalUrl } from '../../../main/window/external-links';
import {
  APP_ORIGIN,
  guardNavigation,
  guardWebview,
  hardenedWebPreferences,
  isTrustedSender,
  permissionRequestDecision,
  resolveAppAsset,
  windowOpenDecision,
} from '../../../main/window/guards';

describe('hardened webPreferences', () => {
  it('applies the Electron security checklist', () => {
    const p = hardenedWebPreferences('/app/preload/index.cjs');
    expect(p).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    });
  });
});

describe('navigation and new windows', () => {
  it('prevents every navigation', () => {
    for (const url of ['https://evil.example', `${APP_ORIGIN}/other.html`, 'file:///etc/passwd']) {
      let prevented = false;
      guardNavigation({ preventDefault: () => (prevented = true) }, url);
      expect(prevented).toBe(true);
    }
  });
  it('never opens a window; only safe https links go to the system browser', () => {
    const opened: string[] = [];
    for (const url of ['https://esante.gouv.fr/', 'http://x.fr', 'javascript:alert(1)', 'file:///etc/passwd', 'https://user:pw@x.fr/']) {
      expect(windowOpenDecision(url, (u) => opened.push(u))).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(['https://esante.gouv.fr/']);
  });
  it('refuses webviews', () => {
    let prevented = false;
    guardWebview({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });
});

describe('permissions', () => {
  it('denies every permission request but notifications (turned on in the app, no content shown)', () => {
    for (const p of ['media', 'geolocation', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'fullscreen', 'pointerLock', 'unknown']) {
      expect(permissionRequestDecision(p)).toBe(false);
    }
    expect(permissionRequestDecision('notifications')).toBe(true);
  });
});

describe('external links', () => {
  it('accepts only https to a named host without credentials', () => {
    expect(isSafeExternalUrl('https://www.mssante.fr/cgu')).toBe(true);
    for (const bad of ['http://www.mssante.fr', 'ftp://x', 'javascript:alert(1)', 'data:text/html,x', 'https://u:p@x.fr', 'not a url', 'smb://x/y']) {
      expect(isSafeExternalUrl(bad), bad).toBe(false);
    }
  });

  it('refuses IP literals, localhost and single-label hosts, as its comment says', () => {
    for (const bad of [
      'https://127.0.0.1/', 'https://8.8.8.8/x', 'https://[::1]/', 'https://[2a00:1450::1]/', 'https://2130706433/', 'https://0x7f.1/',
      'https://localhost/', 'https://LOCALHOST:8443/', 'https://app.localhost/', 'https://localhost./', 'https://intranet/', 'https://router.local/',
    ]) {
      expect(isSafeExternalUrl(bad), bad).toBe(false);
    }
    expect(isSafeExternalUrl('https://esante.gouv.fr/')).toBe(true);
  });
});

describe('IPC sender validation', () => {
  const trusted = new Set([1]);
  it('accepts the top frame of our window on the app origin', () => {
    expect(isTrustedSender({ frameUrl: `${APP_ORIGIN}/index.html`, isMainFrame: true, webContentsId: 1 }, trusted)).toBe(true);
  });
  it('refuses sub-frames, other windows, other origins and missing frames', () => {
    expect(isTrustedSender({ frameUrl: `${APP_ORIGIN}/index.html`, isMainFrame: false, webContentsId: 1 }, trusted)).toBe(false);
    expect(isTrustedSender({ frameUrl: `${APP_ORIGIN}/index.html`, isMainFrame: true, webContentsId: 2 }, trusted)).toBe(false);
    expect(isTrustedSender({ frameUrl: 'https://evil.example/', isMainFrame: true, webContentsId: 1 }, trusted)).toBe(false);
    expect(isTrustedSender({ frameUrl: 'app://other/index.html', isMainFrame: true, webContentsId: 1 }, trusted)).toBe(false);
    expect(isTrustedSender({ frameUrl: undefined, isMainFrame: true, webContentsId: 1 }, trusted)).toBe(false);
  });
});

describe('app:// asset resolution', () => {
  const root = path.resolve('/opt/app/renderer');
  it('maps app URLs into the renderer folder', () => {
    expect(resolveAppAsset(root, `${APP_ORIGIN}/`)).toBe(path.join(root, 'index.html'));
    expect(resolveAppAsset(root, `${APP_ORIGIN}/assets/index.js`)).toBe(path.join(root, 'assets/index.js'));
  });
  it('refuses traversal, other hosts and NUL bytes', () => {
    expect(resolveAppAsset(root, `${APP_ORIGIN}/..%2F..%2Fetc%2Fpasswd`)).toBeNull();
    expect(resolveAppAsset(root, `${APP_ORIGIN}/%00`)).toBeNull();
    expect(resolveAppAsset(root, 'app://evil/index.html')).toBeNull();
    expect(resolveAppAsset(root, 'file:///etc/passwd')).toBeNull();
  });
});

describe('Content-Security-Policy', () => {
  it('is strict', () => {
    const csp = buildCsp();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
    expect(csp).not.toMatch(/https?:/);
  });
  it('needs no blob: frame, worker or eval relaxation for PDF previews (pdf.js in canvases, its worker from the app)', () => {
    const csp = buildCsp();
    expect(csp).toContain("frame-src 'self';");
    expect(csp).toContain("child-src 'self';");
    expect(csp).toContain("worker-src 'self';");
    expect(csp).not.toMatch(/wasm-unsafe-eval|unsafe-hashes/);
  });
  it('adds only the given WebSocket for the host', () => {
    expect(buildCsp({ connectSrc: ['ws://127.0.0.1:5000'] })).toContain("connect-src 'self' ws://127.0.0.1:5000");
  });
  it('comes with protective headers', () => {
    const h = securityHeaders(buildCsp());
    expect(h['X-Content-Type-Options']).toBe('nosniff');
    expect(h['Referrer-Policy']).toBe('no-referrer');
  });
});
