// Issue 19.4 in the UI: a structure-form IdNat (500000001815646/CPAT00045, letters and "/") can be typed
// in the e-CPS login form (the field no longer strips what is not a digit), reaches PSC whole, and is
// shown whole — header tooltip and the audit trail — with the structure spelled out.
import { expect, shot, startHostProcess, stopHostProcess, test, type RunningHostProcess } from './host-fixture';
import { STRUCTURE_PERSON_IDNAT } from '../../sandbox/config';
import { pscControl, sandboxHostEnv } from './sandbox-env';
import { addBalThroughSetup, CABINET } from './setup-helpers';

let host: RunningHostProcess;
test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  host = await startHostProcess(sandboxHostEnv());
});
test.afterAll(async () => {
  await stopHostProcess(host);
});

test('a structure-form IdNat is typed, sent and shown whole', async ({ page }) => {
  await page.goto(host.url);
  await addBalThroughSetup(page, CABINET);
  await page.getByTestId('login-tab-mobile').click();
  const field = page.getByTestId('login-idnat');
  await field.fill(`${STRUCTURE_PERSON_IDNAT} `);
  await expect(field).toHaveValue(STRUCTURE_PERSON_IDNAT);
  await page.getByTestId('login-ciba-submit').click();
  await expect(page.getByTestId('ciba-code')).toHaveText(/^[0-9]{2}$/);
  const approved = await pscControl('/ciba/approve', { idNat: STRUCTURE_PERSON_IDNAT, waitMs: '5000' });
  expect(approved.status).toBe(200);
  const person = page.getByTestId('person');
  await expect(person).toHaveText('Nadia ROUX', { timeout: 30_000 });
  await expect(person).toHaveAttribute('title', 'SIRET 00000001815646 · CPAT00045');
  await page.screenshot({ path: shot('idnat-structure-person') });

  await page.getByTestId('open-audit').click();
  const dialog = page.getByTestId('audit-dialog');
  const login = dialog.locator('[data-action="login"]').first();
  await expect(login).toBeVisible({ timeout: 30_000 });
  await expect(login.getByTestId('idnat')).toHaveText(`${STRUCTURE_PERSON_IDNAT} (SIRET 00000001815646 · CPAT00045)`);
  await page.screenshot({ path: shot('idnat-structure-audit') });
});
