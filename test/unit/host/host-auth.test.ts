import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createAppServices } from '../../../main/app/app-services';
import { UnprotectedFileSecretStore } from '../../../main/secrets';
import { BRIDGE_PROTOCOL, checkUpgrade } from '../../../main/host/auth';
import { type RunningHost, startHost } from '../../../main/host/server';
import { FRAME_CSP, PARSE_CSP, type MessageFrames } from '../../../main/frames/message-frames';

describe('host upgrade check', () => {
  const ok = { host: '127.0.0.1:4000', origin: 'http://127.0.0.1:4000', protocols: [BRIDGE_PROTOCOL, 'mss-secret.s3cret'] };
  it('accepts the right secret, host and origin', () => {
    expect(checkUpgrade(ok, 4000, 's3cret')).toEqual({ ok: true });
  });
  it('refuses a wrong or missing secret, a foreign origin or host', () => {
    expect(checkUpgrade({ ...ok, protocols: [BRIDGE_PROTOCOL, 'mss-secret.nope'] }, 4000, 's3cret')).toMatchObject({ ok: false, status: 401 });
    expect(checkUpgrade({ ...ok, protocols: [BRIDGE_PROTOCOL] }, 4000, 's3cret')).toMatchObject({ ok: false, status: 401 });
    expect(checkUpgrade({ ...ok, origin: 'http://evil.example' }, 4000, 's3cret')).toMatchObject({ ok: false, status: 403 });
    expect(checkUpgrade({ ...ok, origin: undefined }, 4000, 's3cret')).toMatchObject({ ok: false, status: 403 });
    expect(checkUpgrade({ ...ok, host: 'evil.example:4000' }, 4000, 's3cret')).toMatchObject({ ok: false, status: 403 });
  });
});

describe('browser host server', () => {
  let host: RunningHost;
  let frames: MessageFrames;
  beforeAll(async () => {
    const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mss-host-'));
    const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mss-renderer-'));
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<html><head></head><body></body></html>');
    fs.writeFileSync(path.join(profileDir, 'bridge.js'), '');
    const s = await createAppServices({
      host: 'browser',
      profileDir,
      runtime: { testMode: false, extraCa: [], source: null },
      secrets: new UnprotectedFileSecretStore({ file: path.join(profileDir, 'secrets.json'), userAcceptedRisk: true }),
      openExternal: async () => false,
    });
    frames = s.frames;
    host = await startHost({ dispatcher: s.dispatcher, events: s.events, rendererDir, hostBridgeFile: path.join(profileDir, 'bridge.js'), frames });
  });
  afterAll(() => host.close());

  const open = (protocols: string[], origin = `http://127.0.0.1:${host.port}`) =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${host.port}/bridge`, protocols, { origin });
      ws.once('open', () => resolve(ws));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });

  it('binds to loopback only', () => {
    expect(host.url.startsWith(`http://127.0.0.1:${host.port}/#k=`)).toBe(true);
  });

  it('refuses connections without the secret or from another origin', async () => {
    await expect(open([BRIDGE_PROTOCOL])).rejects.toThrow('HTTP 401');
    await expect(open([BRIDGE_PROTOCOL, 'mss-secret.wrong'])).rejects.toThrow('HTTP 401');
    await expect(open([BRIDGE_PROTOCOL, `mss-secret.${host.secret}`], 'http://evil.example')).rejects.toThrow('HTTP 403');
    expect(host.connections()).toBe(0);
  });

  it('carries validated calls and events for an authenticated page', async () => {
    const ws = await open([BRIDGE_PROTOCOL, `mss-secret.${host.secret}`]);
    const messages: Array<{ t: string; id?: number; envelope?: unknown; name?: string }> = [];
    ws.on('message', (d) => messages.push(JSON.parse(String(d))));
    ws.send(JSON.stringify({ t: 'call', id: 1, name: 'settings.update', args: [{ density: 'compact' }] }));
    ws.send(JSON.stringify({ t: 'call', id: 2, name: 'settings.update', args: [{ density: 'tiny' }] }));
    await expect.poll(() => messages.length).toBeGreaterThanOrEqual(3);
    expect(messages.find((m) => m.id === 1)?.envelope).toMatchObject({ ok: true, value: { density: 'compact' } });
    expect(messages.find((m) => m.id === 2)?.envelope).toMatchObject({ ok: false, error: { code: 'bridge.invalid-arguments' } });
    expect(messages.find((m) => m.t === 'event')?.name).toBe('settings.changed');
    ws.close();
  });

  it('closes sockets that send malformed frames', async () => {
    const ws = await open([BRIDGE_PROTOCOL, `mss-secret.${host.secret}`]);
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send('not json');
    expect(await closed).toBe(1003);
  });

  it('serves a message document put through the bridge at its own URL with the frame CSP', async () => {
    const ws = await open([BRIDGE_PROTOCOL, `mss-secret.${host.secret}`]);
    const replies: Array<{ id?: number; envelope?: { ok: boolean; value?: { url: string } } }> = [];
    ws.on('message', (d) => replies.push(JSON.parse(String(d))));
    const doc = '<!doctype html><p style="color:#c00">Résultat</p>';
    ws.send(JSON.stringify({ t: 'call', id: 7, name: 'frames.open', args: [doc] }));
    await expect.poll(() => replies.find((m) => m.id === 7)).toBeTruthy();
    ws.close();
    const url = replies.find((m) => m.id === 7)!.envelope!.value!.url;
    expect(url).toMatch(/^\/frame\/[A-Za-z0-9_-]{43}$/);
    const res = await fetch(`http://127.0.0.1:${host.port}${url}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(doc);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toBe(FRAME_CSP);
    expect(csp).toContain("script-src 'none'");
    expect(csp).toContain('img-src data:');
    expect(csp).not.toMatch(/https?:|\*/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    // Unknown or malformed tokens, and the app's own CSP elsewhere.
    expect((await fetch(`http://127.0.0.1:${host.port}/frame/${'A'.repeat(43)}`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${host.port}/frame/pas-un-jeton`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${host.port}/`)).headers.get('content-security-policy')).toContain("style-src 'self'");
  });

  it('serves the parse document (message HTML read without CSP reports): sandboxed without scripts, loading nothing', async () => {
    const res = await fetch(`http://127.0.0.1:${host.port}/parse-doc`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^<!doctype html>.*<body><\/body><\/html>$/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toBe(PARSE_CSP);
    const directives = new Map(csp.split(/;\s*/).map((d) => [d.split(' ')[0]!, d.split(' ').slice(1).join(' ')]));
    expect(directives.get('sandbox')).toBe('allow-same-origin'); // no allow-scripts
    for (const d of ['img-src', 'font-src', 'media-src', 'connect-src', 'frame-src', 'worker-src', 'object-src', 'base-uri', 'form-action']) {
      expect(directives.get(d), d).toBe("'none'");
    }
    expect(directives.has('default-src')).toBe(false); // would restrict style/script and bring the reports back
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('keeps a bounded number of documents and forgets them all when the session ends', () => {
    const first = frames.put('<p>1</p>');
    for (let i = 0; i < 40; i++) frames.put(`<p>${i}</p>`);
    expect(frames.size).toBeLessThanOrEqual(16);
    expect(frames.get(first)).toBeNull();
    const last = frames.put('<p>dernier</p>');
    expect(frames.get(last)?.toString()).toBe('<p>dernier</p>');
    frames.clear();
    expect(frames.get(last)).toBeNull();
  });
});
