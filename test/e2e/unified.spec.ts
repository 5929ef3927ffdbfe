// The unified inbox keeps every message's identity (issue #16 point 7), against the sandbox: the header
// says it is the unified view, every row shows its BAL, unread only and sort work across the BALs, a
// search finds messages of two BALs at once, and "Nouveau message" asks for the sender or defaults
// visibly to the selected message's BAL; the message sent that way is in that BAL's Sent folder on the
// server (plain IMAP), From that BAL.
import path from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import { type Page, expect, test } from '@playwright/test';
import { plainImapClient } from '../../sandbox/control';
import { sandboxHostEnv } from './sandbox-env';
import { type RunningHostProcess, shot, startHostProcess, stopHostProcess } from './host-fixture';
import { CABINET, loginAsSecretaryOnCabinet } from './setup-helpers';

const ORG = 'accueil.centre-sante@test.mssante.fr';
const ALICE = 'alice.martin@test.mssante.fr';
const TOKEN = `unifie${Date.now().toString(36)}`;
let host: RunningHostProcess | undefined;

test.describe.configure({ mode: 'serial' });

async function append(bal: string, subject: string): Promise<void> {
  const c = await plainImapClient(bal);
  try {
    const raw = await new MailComposer({ from: { name: 'Dr Alice MARTIN', address: ALICE }, to: bal, subject, text: `Message ${TOKEN} pour ${bal}.` }).compile().build();
    await c.append('INBOX', raw, []);
  } finally {
    await c.logout().catch(() => undefined);
  }
}

/** From headers of this run's messages in a BAL's Sent folder, as the server has them. */
async function sentFrom(bal: string, subject: string): Promise<string[]> {
  const c = await plainImapClient(bal);
  try {
    const lock = await c.getMailboxLock('Sent', { readOnly: true });
    try {
      const uids = await c.search({ header: { subject } }, { uid: true });
      if (!Array.isArray(uids) || uids.length === 0) return [];
      const out: string[] = [];
      for await (const m of c.fetch(uids.join(','), { envelope: true }, { uid: true })) out.push(m.envelope?.from?.[0]?.address ?? '');
      return out;
    } finally {
      lock.release();
    }
  } finally {
    await c.logout().catch(() => undefined);
  }
}

test.beforeAll(async () => {
  await append(CABINET, `Cabinet ${TOKEN}`);
  await append(ORG, `Accueil ${TOKEN}`);
  host = await startHostProcess({ MSSANTE_DATA_DIR: path.resolve('data'), ...sandboxHostEnv() });
});

test.afterAll(async () => {
  if (host) await stopHostProcess(host, 'unified-main.log');
});

const rows = (page: Page) => page.getByTestId('unified-list').getByTestId('message-row');
const dates = (page: Page) => rows(page).evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('data-date'))));

test('unified view: identity in the header and on every row, filters, search across BALs, sender asked or shown', async ({ page }) => {
  test.setTimeout(300_000);
  await loginAsSecretaryOnCabinet(page, host!.url);
  await page.keyboard.press('Control+0');

  await test.step('the header says it is the unified view; every row shows its BAL', async () => {
    await expect(page.getByTestId('active-bal')).toContainText('Vue unifiée');
    await expect(page.getByTestId('header-unified')).toHaveText('Toutes les boîtes de réception · 3 BAL');
    await expect(page.getByTestId('active-bal')).not.toContainText(CABINET);
    await expect(rows(page).first()).toBeVisible({ timeout: 60_000 });
    const bals = await rows(page).evaluateAll((rs) => rs.map((r) => r.getAttribute('data-bal')));
    const labels = await rows(page).getByTestId('row-bal').allTextContents();
    expect(labels).toHaveLength(bals.length);
    expect(labels.every((l) => /^(CAB|ORG|PER)\S/.test(l))).toBe(true);
    expect(new Set(bals).size).toBeGreaterThanOrEqual(2);
    const d = await dates(page);
    expect(d).toEqual([...d].sort((a, b) => b - a));
    await page.screenshot({ path: shot('unified-header-rows') });
  });

  await test.step('sort oldest first and unread only, across the BALs', async () => {
    await page.getByTestId('unified-sort').click();
    await expect(page.getByTestId('unified-sort')).toHaveAttribute('data-sort', 'date-asc');
    await expect.poll(async () => {
      const d = await dates(page);
      return d.length > 1 && d.every((x, i) => i === 0 || d[i - 1]! <= x);
    }).toBe(true);
    await page.getByTestId('unified-sort').click();
    await page.getByTestId('unified-unread-only').click();
    await expect.poll(async () => rows(page).evaluateAll((rs) => rs.length > 0 && rs.every((r) => r.classList.contains('msg-row--unread')))).toBe(true);
    await page.getByTestId('unified-unread-only').click();
  });

  await test.step('a search finds the messages of two BALs, each row naming its BAL', async () => {
    await page.getByTestId('unified-search').fill(TOKEN);
    await expect.poll(async () => (await rows(page).evaluateAll((rs) => rs.map((r) => r.getAttribute('data-bal')))).sort(), { timeout: 90_000 }).toEqual([ORG, CABINET].sort());
    await expect(page.getByTestId('unified-title')).toContainText('2 résultats');
    await expect(rows(page).filter({ hasText: `Accueil ${TOKEN}` }).getByTestId('row-bal')).toContainText('ORG');
    await page.screenshot({ path: shot('unified-search') });
  });

  await test.step('Nouveau message with no message selected: the sender is asked', async () => {
    await page.getByTestId('unified-search').fill('');
    await page.getByTestId('pane-unified').focus();
    await page.keyboard.press('n');
    const composer = page.getByTestId('composer');
    await expect(composer).toBeVisible();
    await expect(page.getByTestId('compose-from')).toHaveValue('');
    await expect(page.getByTestId('compose-from')).toBeFocused();
    await expect(page.getByTestId('compose-from-note')).toContainText('choisissez la boîte aux lettres d’où part ce message');
    await page.screenshot({ path: shot('unified-compose-ask') });
    await page.getByTestId('compose-send').click();
    await expect(composer).toContainText('Choisissez la boîte aux lettres d’où part ce message');
    await page.keyboard.press('Escape');
    await expect(composer).toBeHidden();
  });

  const subject = `Depuis la vue unifiée ${TOKEN}`;
  await test.step('with the Accueil message selected: the sender defaults to that BAL, visibly; sent from it', async () => {
    await page.getByTestId('unified-search').fill(TOKEN);
    await rows(page).filter({ hasText: `Accueil ${TOKEN}` }).click();
    await page.getByTestId('pane-unified').focus();
    await page.keyboard.press('n');
    await expect(page.getByTestId('composer')).toBeVisible();
    await expect(page.getByTestId('compose-from')).toHaveValue(ORG);
    await expect(page.getByTestId('compose-from-note')).toContainText('envoyé depuis « Centre de santé Saint-Roch – Accueil », la boîte du message sélectionné');
    await page.screenshot({ path: shot('unified-compose-default') });
    await page.getByTestId('compose-to-input').fill(ALICE);
    await page.keyboard.press('Enter');
    await page.getByTestId('compose-subject').fill(subject);
    await page.getByTestId('compose-send').click();
    await expect(page.getByTestId('toast-sent')).toBeVisible();
    await expect.poll(() => sentFrom(ORG, subject), { timeout: 120_000, message: "the Accueil BAL's Sent copy" }).toEqual([ORG]);
    expect(await sentFrom(CABINET, subject)).toEqual([]);
  });
});
