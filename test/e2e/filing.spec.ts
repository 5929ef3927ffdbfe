// A secretary files the cabinet BAL's mail, against the sandbox operator, each step checked on the server by
// plain IMAP (the operator's view, as the doctors' clients see it): delete puts the message in Trash and
// "Annuler" brings it back; deleting from the Trash asks first and nothing is expunged without that
// confirmation; "Archiver" puts it in the Archives folder; a multi-selection is moved with the folder picker
// (type-ahead, M), copied from the context menu, and dragged onto a folder of the tree.
import type { Page } from '@playwright/test';
import MailComposer from 'nodemailer/lib/mail-composer';
import { plainImapClient } from '../../sandbox/control';
import { expect, shot, startHostProcess, stopHostProcess, test, type RunningHostProcess } from './host-fixture';
import { sandboxHostEnv } from './sandbox-env';
import { CABINET, loginAsSecretaryOnCabinet } from './setup-helpers';

const ALICE = 'alice.martin@test.mssante.fr';
const TAG = `Classement ${Date.now().toString(36)}`;
const PATIENTS = `Patients-${Date.now().toString(36)}`;
const subjectOf = (n: number) => `${TAG} n°${n}`;
let host: RunningHostProcess;

test.describe.configure({ mode: 'serial' });

/** Subjects (of this run) in a folder of the cabinet BAL, as the server has them. */
async function onServer(folder: string): Promise<string[]> {
  const c = await plainImapClient(CABINET);
  try {
    const lock = await c.getMailboxLock(folder, { readOnly: true });
    try {
      const uids = await c.search({ header: { subject: TAG } }, { uid: true });
      if (!Array.isArray(uids)) throw new Error('SEARCH failed');
      if (uids.length === 0) return [];
      const out: string[] = [];
      for await (const m of c.fetch(uids.join(','), { envelope: true }, { uid: true })) out.push(m.envelope?.subject ?? '');
      return out.sort();
    } finally {
      lock.release();
    }
  } finally {
    await c.logout().catch(() => undefined);
  }
}

const expectOnServer = (folder: string, subjects: string[]) =>
  expect.poll(() => onServer(folder), { timeout: 45_000, message: `${folder} on the server` }).toEqual([...subjects].sort());

test.beforeAll(async () => {
  const c = await plainImapClient(CABINET);
  try {
    await c.mailboxCreate(PATIENTS);
    for (const n of [1, 2, 3, 4, 5]) {
      const raw = await new MailComposer({
        from: { name: 'Dr Alice MARTIN', address: ALICE }, to: CABINET, subject: subjectOf(n),
        text: `Résultat ${n} à classer.`, date: new Date(Date.now() - (10 - n) * 1000), // adjacent in the list (earlier runs are minutes older)
      }).compile().build();
      await c.append('INBOX', raw, []);
    }
  } finally {
    await c.logout().catch(() => undefined);
  }
  host = await startHostProcess(sandboxHostEnv());
});

test.afterAll(async () => {
  if (host) await stopHostProcess(host, 'filing-main.log');
});

const list = (page: Page) => page.getByTestId('message-list');
const row = (page: Page, n: number) => list(page).getByRole('option').filter({ hasText: subjectOf(n) });
const folderItem = (page: Page, path: string) => page.getByTestId(`folder-${path}`);

test('delete goes to the Trash with an undo; the Trash deletes for good only after confirmation; archive goes to Archives', async ({ page }) => {
  test.setTimeout(300_000);
  // A clock the test can move: the toasts' display times are checked without waiting for them.
  await page.clock.install();
  await loginAsSecretaryOnCabinet(page, host.url);
  await expect(row(page, 1)).toBeVisible({ timeout: 60_000 });

  // Delete: the message leaves the list, a toast offers "Annuler", the server holds it in Trash.
  await row(page, 1).click();
  await list(page).press('Delete');
  await expect(row(page, 1)).toHaveCount(0);
  const toast = page.getByTestId('toast-filed').last();
  await expect(toast).toContainText('Message placé dans la corbeille.');
  await expect(toast.getByTestId('toast-undo')).toHaveText('Annuler');
  await page.screenshot({ path: shot('filing-deleted-undo-toast') });
  await expectOnServer('Trash', [subjectOf(1)]);
  expect(await onServer('INBOX')).not.toContain(subjectOf(1));

  // Undo: back in the INBOX, on the server too.
  await toast.getByTestId('toast-undo').click();
  await expect(page.getByTestId('toast-undone')).toHaveText(/Action annulée : le message est revenu à sa place\./);
  // The undone action's toast is gone at once; the confirmation goes once its time is over.
  await expect(page.getByTestId('toast-filed')).toHaveCount(0);
  await page.clock.runFor(7_000);
  await expect(page.getByTestId('toast-undone')).toHaveCount(0);
  await expect(row(page, 1)).toBeVisible({ timeout: 30_000 });
  await expectOnServer('Trash', []);
  await expect.poll(() => onServer('INBOX'), { timeout: 45_000 }).toContain(subjectOf(1));

  // Deleted again, then from the Trash: a confirmation; cancelled, nothing is expunged.
  await row(page, 1).click();
  await list(page).press('Delete');
  await expectOnServer('Trash', [subjectOf(1)]);
  await folderItem(page, 'Trash').click();
  await expect(page.getByTestId('list-title')).toContainText('Corbeille');
  await expect(row(page, 1)).toBeVisible({ timeout: 30_000 });
  await row(page, 1).click();
  await list(page).press('Delete');
  const confirm = page.getByTestId('confirm-permanent');
  await expect(confirm).toBeVisible();
  await expect(confirm).toContainText('Supprimer définitivement ce message ?');
  await expect(confirm).toContainText('Il est effacé du serveur pour tous les utilisateurs de la boîte aux lettres');
  await page.screenshot({ path: shot('filing-confirm-permanent') });
  await confirm.getByTestId('confirm-cancel').click();
  await expect(confirm).toBeHidden();
  await expect(row(page, 1)).toBeVisible();
  expect(await onServer('Trash')).toEqual([subjectOf(1)]);
  // Confirmed: gone from the server.
  await row(page, 1).click();
  await list(page).press('Delete');
  await confirm.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('toast-deleted')).toContainText('Message supprimé définitivement.');
  await expect(row(page, 1)).toHaveCount(0);
  await expectOnServer('Trash', []);

  // "Archiver" (A): to the server's Archives folder, still in the BAL for everyone.
  await folderItem(page, 'INBOX').click();
  await expect(row(page, 2)).toBeVisible({ timeout: 30_000 });
  await row(page, 2).click();
  await list(page).press('a');
  await expect(page.getByTestId('toast-filed').last()).toContainText('Message rangé dans Archives.');
  await expect(row(page, 2)).toHaveCount(0);
  await expectOnServer('Archive', [subjectOf(2)]);
  expect(await onServer('INBOX')).not.toContain(subjectOf(2));
  await page.screenshot({ path: shot('filing-archived') });
});

test('a multi-selection is moved with the folder picker, copied from the context menu, dragged to a folder', async ({ page }) => {
  test.setTimeout(300_000);
  // The host kept the secretary's session (first test): the app opens on the cabinet BAL.
  await page.goto(host.url);
  await expect(page.getByTestId('active-bal')).toContainText(CABINET, { timeout: 30_000 });
  await expect(row(page, 3)).toBeVisible({ timeout: 60_000 });
  await expect(folderItem(page, PATIENTS)).toBeVisible({ timeout: 30_000 });

  // Maj+click selects the range; the selection bar says how many.
  await row(page, 3).click();
  await row(page, 4).click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('selection-count')).toHaveText('2 messages sélectionnés');
  await expect(row(page, 3)).toHaveAttribute('aria-selected', 'true');
  await expect(row(page, 4)).toHaveAttribute('aria-selected', 'true');
  await page.screenshot({ path: shot('filing-multi-selection') });

  // M: the picker, filtered by typing, Enter moves both.
  await list(page).press('m');
  const picker = page.getByTestId('folder-picker');
  await expect(picker).toBeVisible();
  await expect(picker).toContainText('Déplacer 2 messages vers…');
  await page.getByTestId('folder-picker-filter').fill(PATIENTS.toLowerCase()) // case and accents do not matter;
  await expect(picker.getByRole('option')).toHaveCount(1);
  await page.screenshot({ path: shot('filing-folder-picker') });
  await page.getByTestId('folder-picker-filter').press('Enter');
  await expect(picker).toBeHidden();
  await expect(page.getByTestId('toast-filed').last()).toContainText(`2 messages déplacés dans « ${PATIENTS} ».`);
  await expect(row(page, 3)).toHaveCount(0);
  await expect(row(page, 4)).toHaveCount(0);
  await expectOnServer(PATIENTS, [subjectOf(3), subjectOf(4)]);

  // Context menu (right click) → "Copier…" → Boîte de réception: the message is in both folders.
  await folderItem(page, PATIENTS).click();
  await expect(row(page, 3)).toBeVisible({ timeout: 30_000 });
  // Whether message 3 was read depends on how long it stayed open alone above: open it and wait until
  // the reader has marked it read, so the menu's read toggle has one known label.
  await row(page, 3).click();
  await expect(row(page, 3)).not.toHaveClass(/msg-row--unread/, { timeout: 30_000 });
  await row(page, 3).click({ button: 'right' });
  const menu = page.getByTestId('context-menu');
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitem')).toContainText(['Répondre', 'Répondre à tous', 'Transférer', 'Marquer comme non lu', 'Suivre', 'Déplacer…', 'Copier…', 'Archiver', 'Supprimer', 'Imprimer']);
  await page.screenshot({ path: shot('filing-context-menu') });
  await menu.getByTestId('menu-copy').click();
  await expect(picker).toContainText('Copier le message vers…');
  await page.getByTestId('folder-picker-filter').fill('boîte');
  await page.getByTestId('folder-picker-filter').press('Enter');
  await expect(page.getByTestId('toast-filed').last()).toContainText('Message copié dans « Boîte de réception ».');
  await expect(row(page, 3)).toBeVisible();
  await expect.poll(() => onServer('INBOX'), { timeout: 45_000 }).toContain(subjectOf(3));
  expect(await onServer(PATIENTS)).toEqual([subjectOf(3), subjectOf(4)].sort());

  // Drag and drop onto the tree: message 5 from the INBOX to the Patients folder.
  await folderItem(page, 'INBOX').click();
  await expect(row(page, 5)).toBeVisible({ timeout: 30_000 });
  await row(page, 5).dragTo(folderItem(page, PATIENTS));
  await expect(page.getByTestId('toast-filed').last()).toContainText(`Message déplacé dans « ${PATIENTS} ».`);
  await expectOnServer(PATIENTS, [subjectOf(3), subjectOf(4), subjectOf(5)]);
  expect(await onServer('INBOX')).not.toContain(subjectOf(5));
});
