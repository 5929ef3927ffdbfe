// Software certificate (PKCS#12) import in the setup dialog, against the sandbox operator: the APP BAL's
// autoconfiguration announces the certificate listener, the person picks the .p12, a wrong password is
// refused in French, the right one shows the certificate's identity and validity. Screenshots of both.
import { SOFTWARE_CERT } from '../../sandbox/config';
import { expect, shot, startHostProcess, stopHostProcess, test, type RunningHostProcess } from './host-fixture';
import { sandboxHostEnv } from './sandbox-env';

let host: RunningHostProcess;
test.beforeAll(async () => {
  host = await startHostProcess(sandboxHostEnv());
});
test.afterAll(async () => {
  await stopHostProcess(host);
});

test('PKCS#12 import: wrong password refused, then imported with its identity and expiry', async ({ page }) => {
  await page.goto(host.url);
  const dialog = page.getByTestId('setup-dialog');
  await expect(dialog).toBeVisible();
  await page.getByTestId('setup-address').fill(SOFTWARE_CERT.bal);
  await page.getByTestId('setup-search').click();
  await expect(page.getByTestId('setup-found')).toBeVisible({ timeout: 30_000 });

  await page.getByTestId('setup-certificate').locator('summary').click();
  const panel = page.getByTestId('cert-import');
  await expect(panel).toContainText('certificat logiciel IGC-Santé');
  await expect(panel).toContainText('Aucun fichier choisi');
  await page.getByTestId('cert-import-file').setInputFiles(SOFTWARE_CERT.p12);
  await expect(panel).toContainText('Fichier choisi : logiciel.labo.p12');

  await page.getByTestId('cert-import-password').fill('pas-le-bon');
  await page.getByTestId('cert-import-submit').click();
  await expect(page.getByTestId('cert-import-error')).toContainText('Le mot de passe du certificat logiciel (fichier .p12) est incorrect');
  await expect(page.getByTestId('cert-import-result')).toHaveCount(0);
  await page.getByTestId('cert-import').scrollIntoViewIfNeeded();
  await dialog.screenshot({ path: shot('cert-import-wrong-password') });

  await page.getByTestId('cert-import-password').fill(SOFTWARE_CERT.p12Password);
  await page.getByTestId('cert-import-submit').click();
  const result = page.getByTestId('cert-import-result');
  await expect(result).toBeVisible();
  await expect(result).toContainText(SOFTWARE_CERT.identity);
  await expect(result).toContainText('LABORATOIRE SAINT-ROCH');
  await expect(result).toContainText('autorité reconnue');
  await expect(page.getByTestId('cert-import-valid-to')).toHaveText(/^du \d{1,2} \S+ \d{4} au \d{1,2} \S+ \d{4}$/);
  await expect(page.getByTestId('cert-import-error')).toHaveCount(0);
  await result.scrollIntoViewIfNeeded();
  await dialog.screenshot({ path: shot('cert-import-success') });
});
