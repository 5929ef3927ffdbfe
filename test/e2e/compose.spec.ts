// Writing and sending end to end against the real sandbox operator: the secretary (e-CPS) writes from the
// delegated cabinet BAL to Dr Alice MARTIN with an attachment and an IHE XDM package, asks for receipts,
// sends through the outbox, sees it sent and its delivery status; directory suggestions; the XDM view
// of a seeded document mail. Own profile (the
// sandbox is shared); the app built in out/ (`npm run build`).
import path from 'node:path';
import { type Page, expect, test } from '@playwright/test';
import { buildXdmZip } from '../../sandbox/seed/xdm';
import { plainImapClient } from '../../sandbox/control';
import { FHIR_BASE_URL } from '../../sandbox/config';
import { sandboxHostEnv } from './sandbox-env';
import { type RunningHostProcess, shot, startHostProcess, stopHostProcess } from './host-fixture';
import { CABINET, loginAsSecretaryOnCabinet } from './setup-helpers';

const ALICE = 'alice.martin@test.mssante.fr';
let host: RunningHostProcess | undefined;

test.describe.configure({ mode: 'serial' });

const subject = `Compte rendu et documents — essai ${Date.now().toString(36)}`;

test.beforeAll(async () => {
  host = await startHostProcess({ MSSANTE_DATA_DIR: path.resolve('data'), ...sandboxHostEnv() });
});

test.afterAll(async () => {
  if (host) await stopHostProcess(host, 'compose-main.log');
});

const loginAsSecretary = (page: Page) => loginAsSecretaryOnCabinet(page, host!.url);

/** UIDNEXT of the cabinet's INBOX: what arrives after this point has a UID at least this. */
async function inboxUidNext(): Promise<number> {
  const c = await plainImapClient(CABINET);
  try {
    const st = await c.status('INBOX', { uidNext: true });
    if (!st || !st.uidNext) throw new Error('STATUS failed');
    return st.uidNext;
  } finally {
    await c.logout().catch(() => undefined);
  }
}

/** The operator's delivery reports that reached the cabinet's INBOX since `fromUid`: how many, how many unread. */
async function reportsOnServer(fromUid: number): Promise<{ count: number; unread: number }> {
  const c = await plainImapClient(CABINET);
  try {
    const lock = await c.getMailboxLock('INBOX', { readOnly: true });
    try {
      const all = await c.search({ uid: `${fromUid}:*`, from: 'MAILER-DAEMON' }, { uid: true });
      const unseen = await c.search({ uid: `${fromUid}:*`, from: 'MAILER-DAEMON', seen: false }, { uid: true });
      if (!Array.isArray(all) || !Array.isArray(unseen)) throw new Error('SEARCH failed');
      // "n:*" also names the last message when none is newer: keep only what arrived since.
      return { count: all.filter((u) => u >= fromUid).length, unread: unseen.filter((u) => u >= fromUid).length };
    } finally {
      lock.release();
    }
  } finally {
    await c.logout().catch(() => undefined);
  }
}

test('composer, outbox, receipts and the XDM view against the sandbox', async ({ page }) => {
  test.setTimeout(300_000);

  await test.step('log in as the secretary and open the cabinet BAL', () => loginAsSecretary(page));

  await test.step('XDM view of a seeded document mail', async () => {
    const list = page.getByTestId('pane-list');
    const xdmRow = list.getByRole('option').filter({ has: page.locator('.xdm-chip') }).first();
    if (!(await xdmRow.isVisible())) {
      await page.locator('#search-input').fill('consultation');
      await expect(list.getByRole('option').filter({ has: page.locator('.xdm-chip') }).first()).toBeVisible({ timeout: 20_000 });
    }
    await list.getByRole('option').filter({ has: page.locator('.xdm-chip') }).first().click();
    const panel = page.getByTestId('xdm-panel');
    await expect(panel.getByTestId('xdm-patient')).toBeVisible({ timeout: 30_000 });
    await expect(panel.getByTestId('xdm-patient')).toContainText(/INS/);
    await expect(panel.getByTestId('xdm-ins-status')).toHaveText('INS qualifiée');
    await expect(panel.getByTestId('xdm-document').first()).toContainText(/CR de|Lettre de liaison/);
    // The PDF rendering (main gives it when the package has one).
    await panel.getByTestId('xdm-open-pdf').first().click();
    const viewer = panel.getByTestId('xdm-viewer');
    await expect(viewer.getByTestId('xdm-frame-pdf')).toBeVisible({ timeout: 20_000 });
    // Page 1 drawn by pdf.js before the screenshot.
    await expect(viewer.getByTestId('xdm-frame-pdf').locator('canvas[data-page="1"]')).toHaveAttribute('data-rendered', 'true', { timeout: 20_000 });
    await panel.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: shot('compose-xdm-view') });
    // The CDA rendering itself, when main can give it next to a PDF (else the panel says so).
    await panel.getByTestId('xdm-open-cda').first().click();
    await expect(viewer.getByTestId('xdm-frame-cda').or(panel.getByText('Rendu CDA indisponible'))).toBeVisible({ timeout: 20_000 });
    await page.locator('#search-input').fill('');
  });

  await test.step('new message: From the cabinet, To focused, directory suggestions', async () => {
    // The workstation's sending settings: the sandbox's Annuaire Santé FHIR fixture (any API key), a signature.
    await page.getByTestId('compose-settings-button').click();
    const settings = page.getByTestId('compose-settings');
    await expect(settings).toBeVisible();
    await settings.getByTestId('settings-directory-url').fill(FHIR_BASE_URL);
    await settings.getByTestId('settings-api-key').fill('cle-bac-a-sable');
    await settings.getByTestId(`signature-${CABINET}`).fill('Secrétariat du Cabinet médical Saint-Roch\n12 rue Saint-Roch, 75001 Paris');
    await settings.getByTestId('settings-save').click();
    await expect(settings).toBeHidden();
    await page.getByTestId('pane-list').focus();
    await page.keyboard.press('n');
    const composer = page.getByTestId('composer');
    await expect(composer).toBeVisible();
    await expect(page.getByTestId('compose-from')).toHaveValue(CABINET);
    await expect(page.getByTestId('compose-to-input')).toBeFocused();
    await expect(page.getByTestId('compose-body')).toContainText('12 rue Saint-Roch, 75001 Paris');
    await page.keyboard.type('alice');
    const suggestions = page.getByTestId('recipient-suggestion');
    await expect(suggestions.filter({ hasText: ALICE })).toBeVisible({ timeout: 20_000 });
    await expect(suggestions.filter({ hasText: ALICE })).toContainText('PER');
    await page.screenshot({ path: shot('compose-autocomplete') });
    const addresses = await suggestions.locator('.suggest__addr').allTextContents();
    const index = addresses.indexOf(ALICE);
    expect(index).toBeGreaterThanOrEqual(0);
    for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
    await expect(suggestions.nth(index)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Enter');
    const chip = page.getByTestId('compose-to').getByTestId('recipient-chip');
    await expect(chip).toHaveCount(1);
    await expect(chip).toHaveAttribute('data-address', ALICE);
    await expect(page.getByTestId('untrusted-warning')).toHaveCount(0);
  });

  await test.step('subject, rich text, attachment and IHE XDM package, receipts', async () => {
    await page.getByTestId('compose-subject').fill(subject);
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('compose-body')).toBeFocused();
    await page.keyboard.type('Chère consœur, veuillez trouver ci-joint le compte rendu de ');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('M. Jean ESSAI');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('.');
    await expect(page.getByTestId('compose-body').locator('b, strong')).toHaveText('M. Jean ESSAI');
    const { zip } = buildXdmZip(
      { nom: 'ESSAI', prenom: 'Jean', sexe: 'M', naissance: '12/03/1975', ins: '175031234567890' },
      { code: '11488-4', label: 'CR de consultation', author: { name: 'Dr Alice MARTIN', idNat: '810001234567', org: 'Cabinet médical Saint-Roch' }, date: new Date(), lines: ['Examen clinique sans particularité.'], uniqueId: `1.2.250.1.999.1.${Date.now()}` },
    );
    await page.getByTestId('compose-file-input').setInputFiles([
      { name: 'ordonnance.txt', mimeType: 'text/plain', buffer: Buffer.from('Paracétamol 1 g, 3 fois par jour pendant 5 jours.\n') },
      { name: 'IHE_XDM.zip', mimeType: 'application/zip', buffer: zip },
    ]);
    await expect(page.getByTestId('compose-attachment')).toHaveCount(2);
    await expect(page.getByTestId('compose-xdm-note')).toContainText('X-MSS-CODECDA');
    await expect(page.getByTestId('compose-size')).toContainText('Pièces jointes');
    await expect(page.getByTestId('opt-dsn')).toBeChecked();
    await page.getByTestId('opt-mdn').check();
    await expect(page.getByTestId('opt-noreply')).toBeDisabled();
    // Saved as a draft within a few seconds.
    await expect(page.getByTestId('draft-status')).toContainText(/Brouillon enregistré à \d\d:\d\d/, { timeout: 15_000 });
    await page.screenshot({ path: shot('compose-filled') });
  });

  await test.step('send → outbox → sent', async () => {
    const reportsFrom = await inboxUidNext();
    await page.getByTestId('compose-send').click();
    await expect(page.getByTestId('toast-sent')).toContainText("Message placé dans la boîte d'envoi");
    await expect(page.getByTestId('composer')).toBeHidden();
    await page.getByTestId('outbox-button').click();
    const item = page.getByTestId('outbox-item').filter({ hasText: subject });
    await expect(item).toBeVisible();
    await expect(item.getByTestId('outbox-state')).toHaveAttribute('data-state', 'sent', { timeout: 60_000 });
    // Delivery status from the operator's DSN, live in the outbox.
    const receipt = item.getByTestId('receipt').filter({ hasText: ALICE });
    await expect(receipt).toHaveAttribute('data-status', /delivered|read/, { timeout: 120_000 });
    await expect(receipt).toContainText(/Remis|Lu/);
    // The report itself, matched to the message, is no unread mail of the BAL (here and for its other users).
    await expect.poll(async () => {
      const r = await reportsOnServer(reportsFrom);
      return r.count > 0 && r.unread === 0;
    }, { timeout: 60_000, message: 'delivery report read on the server' }).toBe(true);
    await page.screenshot({ path: shot('compose-outbox') });
    await page.keyboard.press('Escape');
  });
});

test("recipient side: Dr MARTIN's BAL shows the read-receipt prompt and the package", async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto(host!.url);
  await expect(page.getByTestId('person')).toHaveText('Claire PETIT', { timeout: 30_000 });
  const sidebar = page.getByTestId('pane-sidebar');
  await sidebar.getByRole('button', { name: /Dr Alice MARTIN/ }).click();
  await expect(page.getByTestId('active-bal')).toContainText(ALICE);
  const row = page.getByTestId('pane-list').getByRole('option').filter({ hasText: subject });
  await expect(row).toBeVisible({ timeout: 90_000 });
  await row.click();
  const prompt = page.getByTestId('mdn-prompt');
  await expect(prompt).toContainText("L'expéditeur demande un accusé de lecture.", { timeout: 20_000 });
  await expect(prompt).toContainText(CABINET);
  // The package built for the test, as the recipient sees it.
  await expect(page.getByTestId('xdm-patient')).toContainText('ESSAI Jean', { timeout: 20_000 });
  await page.screenshot({ path: shot('compose-mdn-prompt') });
  await prompt.getByTestId('mdn-send').click();
  await expect(page.getByTestId('mdn-done')).toHaveText('Accusé de lecture envoyé.');
  // Back on the cabinet for the next tests.
  await sidebar.getByRole('button', { name: /Cabinet médical Saint-Roch/ }).click();
  await expect(page.getByTestId('active-bal')).toContainText(CABINET);
});

test('reply with R, out-of-trust recipient, Escape keeps a draft, reopen and delete it', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(host!.url);
  await expect(page.getByTestId('person')).toHaveText('Claire PETIT', { timeout: 30_000 });
  const list = page.getByTestId('pane-list');
  const first = list.getByRole('option').first();
  await expect(first).toBeVisible({ timeout: 60_000 });
  await first.click();
  await expect(page.getByTestId('reader')).toBeVisible();
  await page.getByTestId('pane-list').focus();
  await page.keyboard.press('r');
  const composer = page.getByTestId('composer');
  await expect(composer.getByRole('heading', { name: 'Réponse' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('compose-subject')).toHaveValue(/^RE ?:/);
  await expect(page.getByTestId('compose-to').getByTestId('recipient-chip')).toHaveCount(1);
  await expect(page.getByTestId('compose-body')).toBeFocused();
  await expect(page.getByTestId('compose-body').locator('blockquote')).toHaveCount(1);
  await page.keyboard.type('Bien reçu, merci.');
  await page.getByTestId('show-cc').click();
  await page.getByTestId('compose-cc-input').fill('secretariat.externe@gmail.com');
  await page.keyboard.press('Enter');
  const outside = page.getByTestId('compose-cc').getByTestId('recipient-chip');
  await expect(outside).toContainText('hors espace de confiance');
  await expect(page.getByTestId('untrusted-warning')).toBeVisible();
  await page.getByTestId('compose-send').click();
  await expect(page.getByTestId('confirm-untrusted')).toContainText('secretariat.externe@gmail.com');
  await page.screenshot({ path: shot('compose-untrusted-confirm') });
  await page.getByTestId('confirm-untrusted').getByRole('button', { name: 'Revenir au message' }).click();
  // Escape asks before discarding; keep it as a draft.
  const subject = await page.getByTestId('compose-subject').inputValue();
  await page.getByTestId('compose-subject').focus();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('confirm-discard')).toBeVisible();
  await page.screenshot({ path: shot('compose-discard-confirm') });
  await page.getByTestId('discard-save').click();
  await expect(composer).toBeHidden();
  // Reopen it from the drafts.
  await page.getByTestId('drafts-button').click();
  const draft = page.getByTestId('drafts-list').getByRole('button').filter({ hasText: subject }).first();
  await expect(draft).toBeVisible({ timeout: 10_000 });
  await draft.click();
  await expect(page.getByTestId('compose-subject')).toHaveValue(subject);
  await expect(page.getByTestId('compose-body')).toContainText('Bien reçu, merci.');
  await expect(page.getByTestId('compose-cc').getByTestId('recipient-chip')).toHaveAttribute('data-address', 'secretariat.externe@gmail.com');
  // Change something, then discard for good.
  await page.getByTestId('compose-subject').fill(`${subject} (à supprimer)`);
  await page.keyboard.press('Escape');
  await page.getByTestId('discard-delete').click();
  await expect(composer).toBeHidden();
  await page.getByTestId('drafts-button').click();
  await expect(page.getByTestId('drafts-list')).not.toContainText(subject);
});

test('after sending: the read receipt reaches the outbox, the Sent copy shows its receipts panel', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto(host!.url);
  await expect(page.getByTestId('person')).toHaveText('Claire PETIT', { timeout: 30_000 });
  await expect(page.getByTestId('active-bal')).toContainText(CABINET);
  // Soft checks: both depend on reports and copies main processes in the background; each is reported.
  await page.getByTestId('outbox-button').click();
  const receipt = page.getByTestId('outbox-item').filter({ hasText: subject }).getByTestId('receipt').filter({ hasText: ALICE });
  await expect.soft(receipt, 'the MDN sent from Dr MARTIN\'s BAL marks the recipient as read').toHaveAttribute('data-status', 'read', { timeout: 150_000 });
  await page.screenshot({ path: shot('compose-outbox-read') });
  await page.keyboard.press('Escape');

  await page.getByTestId('folder-tree').getByText('Envoyés', { exact: true }).click();
  const row = page.getByTestId('pane-list').getByRole('option').filter({ hasText: subject });
  const found = await row.waitFor({ timeout: 60_000 }).then(() => true, () => false);
  expect.soft(found, 'the copy of the sent message appears in the Sent folder').toBe(true);
  if (!found) return;
  await row.click();
  const receipts = page.getByTestId('receipts-panel');
  await expect(receipts).toBeVisible({ timeout: 30_000 });
  await expect(receipts.getByTestId('receipts-sent-by')).toHaveText('Envoyé par Claire PETIT depuis ce poste');
  const alice = receipts.getByTestId('receipt').filter({ hasText: ALICE });
  await expect(alice).toHaveAttribute('data-status', /delivered|read/, { timeout: 60_000 });
  await expect(alice).toContainText(/Remis|Lu/);
  await page.screenshot({ path: shot('compose-receipts') });
});
