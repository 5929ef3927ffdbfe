// Drafts kept on the server and the two views of an XDM document, end to end against the sandbox operator:
// the secretary opens a seeded document mail and switches between its PDF and its structured data (CDA);
// a draft written on another workstation (APPENDed to the cabinet's Drafts folder by a separate IMAP
// client) shows in "Brouillons", "Modifier le brouillon" loads it into the composer, and once kept the
// server holds exactly one copy, the new one. Own build (test-results/drafts-build) and own profile.
import path from 'node:path';
import { type Page, expect, test } from '@playwright/test';
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { buildXdmZip } from '../../sandbox/seed/xdm';
import { plainImapClient } from '../../sandbox/control';
import { type RunningHostProcess, shot, startHostProcess, stopHostProcess } from './host-fixture';
import { CABINET, loginAsSecretaryOnCabinet } from './setup-helpers';
import { sandboxHostEnv } from './sandbox-env';

const ALICE = 'alice.martin@test.mssante.fr';
let host: RunningHostProcess | undefined;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  host = await startHostProcess({ MSSANTE_DATA_DIR: path.resolve('data'), ...sandboxHostEnv() });
});

test.afterAll(async () => {
  if (host) await stopHostProcess(host, 'drafts-main.log');
});

const loginAsSecretary = (page: Page) => loginAsSecretaryOnCabinet(page, host!.url);

/** The cabinet's Drafts folder as the operator sees it (password login): subject and decoded text per copy. */
async function serverDrafts(subjectPart: string): Promise<Array<{ subject: string; text: string }>> {
  const c = await plainImapClient(CABINET);
  try {
    const lock = await c.getMailboxLock('Drafts', { readOnly: true });
    try {
      const uids = await c.search({ header: { subject: subjectPart } }, { uid: true });
      if (uids === false) throw new Error('SEARCH failed');
      const out: Array<{ subject: string; text: string }> = [];
      for (const uid of uids ?? []) {
        const m = await c.fetchOne(String(uid), { source: true }, { uid: true });
        if (m && m.source) {
          const p = await simpleParser(m.source);
          out.push({ subject: p.subject ?? '', text: p.text ?? '' });
        }
      }
      return out;
    } finally {
      lock.release();
    }
  } finally {
    await c.logout().catch(() => undefined);
  }
}

/** A document mail (IHE_XDM.zip: CDA + its PDF rendering) delivered into the cabinet's INBOX, newest of all. */
async function deliverDocumentMail(patientFirstName: string): Promise<void> {
  const { zip, pdf } = buildXdmZip(
    { nom: 'ESSAI', prenom: patientFirstName, sexe: 'F', naissance: '12/03/1975', ins: '275031234567891' },
    { code: '11488-4', label: 'CR de consultation', author: { name: 'Dr Alice MARTIN', idNat: '810001234567', org: 'Cabinet médical Saint-Roch' }, date: new Date(), lines: ['Motif : douleurs thoraciques atypiques.', 'Examen clinique : auscultation normale, TA 12/8.', 'Conclusion : pas d’argument pour une origine cardiaque.'], uniqueId: `1.2.250.1.999.1.${Date.now()}` },
  );
  const raw = await new MailComposer({
    from: { name: 'Dr_Alice_MARTIN_Cabinet médical Saint-Roch', address: ALICE },
    to: CABINET,
    subject: `XDM/1.0/DDM+CR de consultation ESSAI ${patientFirstName} 12/03/1975`,
    headers: { 'X-MSS-CODECDA': '11488-4', 'X-MSS-INS': 'O', 'X-MSS-NIL': 'MessagerieMSSante/0.1' },
    text: 'Chère consœur,\n\nVeuillez trouver ci-joint le compte rendu de consultation.\n\nDr Alice MARTIN',
    attachments: [
      { filename: 'IHE_XDM.zip', content: zip, contentType: 'application/zip' },
      { filename: 'CR_de_consultation_ESSAI.pdf', content: pdf, contentType: 'application/pdf' },
    ],
  }).compile().build();
  const c = await plainImapClient(CABINET);
  try {
    await c.append('INBOX', raw, []);
  } finally {
    await c.logout().catch(() => undefined);
  }
}

test('XDM document: PDF rendering and structured data (CDA) views', async ({ page }) => {
  test.setTimeout(240_000);
  const firstName = `Lucie${Date.now().toString(36).slice(-4)}`;
  await deliverDocumentMail(firstName);
  await loginAsSecretary(page);
  const list = page.getByTestId('pane-list');
  const row = list.getByRole('option').filter({ hasText: `ESSAI ${firstName}` }).filter({ has: page.locator('.xdm-chip') }).first();
  await expect(row).toBeVisible({ timeout: 60_000 });
  await row.click();
  const panel = page.getByTestId('xdm-panel');
  await expect(panel.getByTestId('xdm-patient')).toBeVisible({ timeout: 30_000 });
  await expect(panel.getByTestId('xdm-open-pdf').first()).toHaveText('Document (PDF)');
  await expect(panel.getByTestId('xdm-open-cda').first()).toHaveText('Données structurées (CDA)');
  await panel.getByTestId('xdm-open-pdf').first().click();
  const viewer = panel.getByTestId('xdm-viewer');
  await expect(viewer.getByTestId('xdm-frame-pdf')).toBeVisible({ timeout: 20_000 });
  await expect(viewer.getByTestId('xdm-view-pdf')).toHaveAttribute('aria-pressed', 'true');
  // The structured data of the same document, in the sandboxed frame (no script, no network).
  await viewer.getByTestId('xdm-view-cda').click();
  const frame = viewer.getByTestId('xdm-frame-cda');
  await expect(frame).toBeVisible({ timeout: 20_000 });
  await expect(frame).toHaveAttribute('sandbox', '');
  await expect(viewer.getByTestId('xdm-view-cda')).toHaveAttribute('aria-pressed', 'true');
  const cda = page.frameLocator('[data-testid="xdm-frame-cda"]');
  await expect(cda.locator('dl')).toContainText('Patient');
  await expect(cda.locator('dl')).toContainText('INS');
  await expect(cda.locator('dl')).toContainText('Date du document');
  await panel.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await expect(panel).toBeInViewport();
  await page.screenshot({ path: shot('xdm-cda-view') });
  // And back to the PDF.
  await viewer.getByTestId('xdm-view-pdf').click();
  await expect(viewer.getByTestId('xdm-frame-pdf')).toBeVisible({ timeout: 20_000 });
});

test('a draft written on another workstation is reopened from "Brouillons" and replaced on the server', async ({ page }) => {
  test.setTimeout(240_000);
  const tag = Date.now().toString(36);
  const subject = `Courrier au Dr MARTIN ${tag}`;
  const raw = [
    `From: Cabinet medical Saint-Roch <${CABINET}>`, `To: Dr Alice MARTIN <${ALICE}>`, `Subject: ${subject}`,
    `Message-ID: <poste2-${tag}@test.mssante.fr>`, `Date: ${new Date().toUTCString()}`, 'X-MSS-NIL: AutreLogiciel/2.0',
    'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b1"', '', '--b1',
    'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '',
    'Chère consœur,', '', 'Je vous adresse Mme Lucie BERNARD pour un avis cardiologique.', '--b1',
    'Content-Type: text/plain; name="ordonnance.txt"', 'Content-Disposition: attachment; filename="ordonnance.txt"', 'Content-Transfer-Encoding: base64', '',
    Buffer.from('Bisoprolol 2,5 mg : 1 comprimé le matin.\n').toString('base64'), '--b1--', '',
  ].join('\r\n');
  const c = await plainImapClient(CABINET);
  try {
    await c.append('Drafts', Buffer.from(raw, 'utf8'), ['\\Draft', '\\Seen']);
  } finally {
    await c.logout().catch(() => undefined);
  }

  await page.goto(host!.url);
  await expect(page.getByTestId('person')).toHaveText('Claire PETIT', { timeout: 30_000 });
  await expect(page.getByTestId('active-bal')).toContainText(CABINET);
  await page.getByTestId('folder-tree').getByText('Brouillons', { exact: true }).click();
  const row = page.getByTestId('pane-list').getByRole('option').filter({ hasText: subject });
  await expect(row).toBeVisible({ timeout: 60_000 });
  await row.click();
  await expect(page.getByTestId('reader-subject')).toHaveText(subject);
  const edit = page.getByTestId('reader-edit-draft');
  await expect(edit).toHaveText('Modifier le brouillon');
  await edit.click();

  const composer = page.getByTestId('composer');
  await expect(composer).toBeVisible({ timeout: 20_000 });
  await expect(composer.getByRole('heading', { name: 'Brouillon' })).toBeVisible();
  await expect(page.getByTestId('compose-subject')).toHaveValue(subject);
  await expect(page.getByTestId('compose-to').getByTestId('recipient-chip')).toHaveAttribute('data-address', ALICE);
  await expect(page.getByTestId('compose-body')).toContainText('Je vous adresse Mme Lucie BERNARD pour un avis cardiologique.');
  await expect(page.getByTestId('compose-attachment')).toHaveCount(1);
  await expect(page.getByTestId('compose-attachment')).toContainText('ordonnance.txt');
  await page.screenshot({ path: shot('draft-reopened-composer') });

  // Finished here, kept as a draft: the server then holds one copy, this one.
  await page.getByTestId('compose-body').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' Merci de votre retour.');
  await page.getByTestId('compose-subject').fill(`${subject} (relu)`);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('confirm-discard')).toBeVisible();
  await page.getByTestId('discard-save').click();
  await expect(composer).toBeHidden();
  await expect
    .poll(async () => {
      const copies = await serverDrafts(tag);
      return copies.length === 1 && copies[0]!.subject === `${subject} (relu)` && copies[0]!.text.includes('Merci de votre retour.');
    }, { timeout: 60_000, intervals: [1000] })
    .toBe(true);
  // The Drafts folder shows the new copy only.
  await expect(page.getByTestId('pane-list').getByRole('option').filter({ hasText: `${subject} (relu)` })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('pane-list').getByRole('option').filter({ hasText: subject })).toHaveCount(1, { timeout: 60_000 });
  await page.screenshot({ path: shot('draft-replaced-in-drafts') });
  // Leave the shared sandbox as it was.
  const c2 = await plainImapClient(CABINET);
  try {
    const lock = await c2.getMailboxLock('Drafts');
    try {
      const uids = await c2.search({ header: { subject: tag } }, { uid: true });
      if (uids && uids.length > 0) await c2.messageDelete(uids.join(','), { uid: true });
    } finally {
      lock.release();
    }
  } finally {
    await c2.logout().catch(() => undefined);
  }
});
