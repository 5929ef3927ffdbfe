import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CALL_NAMES, calls } from '../../../shared/contract';
import { createAppServices } from '../../../main/app/app-services';
import { UnprotectedFileSecretStore } from '../../../main/secrets';
import { type Handlers, createDispatcher } from '../../../main/bridge/dispatcher';
import { UserError } from '../../../main/errors';

const ctx = { sender: { kind: 'host', connectionId: 't' } } as const;

async function services() {
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mss-unit-'));
  const opened: string[] = [];
  const s = await createAppServices({
    host: 'browser',
    profileDir,
    runtime: { testMode: false, extraCa: [], source: null },
    // A real secret store (file kind, the user's explicit fallback): no keychain in unit tests.
    secrets: new UnprotectedFileSecretStore({ file: path.join(profileDir, 'secrets.json'), userAcceptedRisk: true }),
    openExternal: async (url) => {
      opened.push(url);
      return true;
    },
  });
  return { s, opened };
}

describe('bridge dispatcher', () => {
  it('answers a valid call with its value', async () => {
    const { s } = await services();
    const answer = await s.dispatcher.dispatch(ctx, 'settings.get', []);
    expect(answer).toEqual({ ok: true, value: { language: 'fr', theme: 'system', density: 'comfortable', conversations: false, notifications: false, autoLockMinutes: 120 } });
  });

  it('refuses a name that is not in the contract', async () => {
    const { s } = await services();
    const answer = await s.dispatcher.dispatch(ctx, 'fs.readFile', ['/etc/passwd']);
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.error.code).toBe('bridge.unknown-call');
  });

  it('refuses prototype keys used as names', async () => {
    const { s } = await services();
    for (const name of ['__proto__', 'constructor', 'toString', 42, null]) {
      const answer = await s.dispatcher.dispatch(ctx, name, []);
      expect(answer.ok).toBe(false);
    }
  });

  it('refuses arguments that do not match the schema, with a French message', async () => {
    const { s } = await services();
    const bad = [
      ['settings.update', [{ language: 'de' }]],
      ['settings.update', [{ language: 'fr', extra: true }]],
      ['settings.update', []],
      ['mailboxes.setActive', ['not an address']],
      ['mailboxes.setActive', ['a@b.fr', 'extra']],
      ['shell.openExternal', [{ url: 'https://x' }]],
      ['app.getInfo', ['unexpected']],
    ] as const;
    for (const [name, args] of bad) {
      const answer = await s.dispatcher.dispatch(ctx, name, args);
      expect(answer, `${name} ${JSON.stringify(args)}`).toMatchObject({ ok: false, error: { code: 'bridge.invalid-arguments' } });
      if (!answer.ok) expect(answer.error.message).toMatch(/invalide/);
    }
  });

  it('persists settings and emits settings.changed', async () => {
    const { s } = await services();
    const seen: unknown[] = [];
    s.events.subscribeAll((name, payload) => seen.push([name, payload]));
    const answer = await s.dispatcher.dispatch(ctx, 'settings.update', [{ language: 'en' }]);
    expect(answer).toMatchObject({ ok: true, value: { language: 'en' } });
    expect(seen).toEqual([['settings.changed', { language: 'en', theme: 'system', density: 'comfortable', conversations: false, notifications: false, autoLockMinutes: 120 }]]);
  });

  it('turns a UserError into its code and message in the UI language', async () => {
    const { s, opened } = await services();
    const fr = await s.dispatcher.dispatch(ctx, 'shell.openExternal', ['http://example.org']);
    expect(fr).toMatchObject({ ok: false, error: { code: 'shell.unsafe-url' } });
    if (!fr.ok) expect(fr.error.message).toContain('https');
    await s.dispatcher.dispatch(ctx, 'settings.update', [{ language: 'en' }]);
    const en = await s.dispatcher.dispatch(ctx, 'shell.openExternal', ['javascript:alert(1)']);
    if (!en.ok) expect(en.error.message).toMatch(/^This link was not opened/);
    const ok = await s.dispatcher.dispatch(ctx, 'shell.openExternal', ['https://esante.gouv.fr/']);
    expect(ok).toEqual({ ok: true, value: { opened: true } });
    expect(opened).toEqual(['https://esante.gouv.fr/']);
  });

  it('hides unexpected errors behind a generic message', async () => {
    const handlers = Object.fromEntries(
      CALL_NAMES.map((n) => [n, () => { throw new Error('secret detail from the server'); }]),
    ) as unknown as Handlers;
    const d = createDispatcher(handlers, () => 'fr');
    const answer = await d.dispatch(ctx, 'app.getInfo', []);
    expect(answer).toMatchObject({ ok: false, error: { code: 'internal' } });
    if (!answer.ok) expect(answer.error.message).not.toContain('secret');
    const handlers2 = { ...handlers, 'app.getInfo': () => { throw new UserError('x', { fr: 'fr', en: 'en' }); } } as Handlers;
    expect(await createDispatcher(handlers2, () => 'en').dispatch(ctx, 'app.getInfo', [])).toEqual({ ok: false, error: { code: 'x', message: 'en' } });
  });

  it('requires a handler for every call (compile-time check)', () => {
    // @ts-expect-error a Handlers object missing calls does not compile
    const incomplete: Handlers = { 'app.getInfo': () => ({}) };
    expect(Object.keys(incomplete)).not.toEqual(Object.keys(calls));
  });
});
