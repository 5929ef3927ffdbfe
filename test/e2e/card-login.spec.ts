// A practitioner with a CPS card: identity shown before the PIN, a wrong PIN counted and never retried,
// the right PIN then the PSC "card" channel, and removal of the card locks the session.
import { insertCard, removeCard } from '../../sandbox/card/reader';
import { pinTriesLeft, unblockCard } from '../../sandbox/card/pin';
import { expect, shot, startHostProcess, stopHostProcess, test, type RunningHostProcess } from './host-fixture';
import { sandboxHostEnv } from './sandbox-env';
import { addBalThroughSetup } from './setup-helpers';

const ALICE = '810001234567';
let host: RunningHostProcess;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  removeCard();
  await unblockCard(ALICE);
  host = await startHostProcess(sandboxHostEnv());
});
test.afterAll(async () => {
  await stopHostProcess(host);
  removeCard();
  await unblockCard(ALICE);
});

test('card login: identity before PIN, wrong PIN counted once, right PIN opens the session', async ({ page }) => {
  await page.goto(host.url);
  await addBalThroughSetup(page, 'alice.martin@test.mssante.fr');
  await expect(page.getByTestId('login-screen')).toBeVisible();
  await expect(page.getByTestId('card-insert')).toContainText('Insérez votre carte CPS');
  await page.screenshot({ path: shot('login-card-insert') });

  insertCard(ALICE);
  const identity = page.getByTestId('card-identity');
  await expect(identity).toContainText('ALICE MARTIN', { ignoreCase: true, timeout: 5_000 });
  await expect(identity).toContainText('Médecin');
  await page.screenshot({ path: shot('login-card-identity') });

  await page.getByTestId('card-pin').fill('0000');
  await page.getByTestId('card-submit').click();
  await expect(page.getByTestId('login-error')).toContainText('Code porteur incorrect');
  await expect(page.getByTestId('card-count-low')).toBeVisible();
  expect(pinTriesLeft(ALICE)).toBe(2);
  // The tries left are said once on the screen, with their number.
  await expect(page.getByTestId('card-count-low')).toContainText('il vous reste 2 essais');
  expect((await page.getByTestId('login-screen').innerText()).match(/essai/g)).toHaveLength(1);
  await page.screenshot({ path: shot('login-card-wrong-pin') });
  // The app never retried: still exactly one try used once main and the card worker have answered again
  // (calls to the card are serialized: a retry queued meanwhile would have run first).
  await page.evaluate(() => (window as unknown as { mss: { invoke(name: string): Promise<unknown> } }).mss.invoke('auth.cardState'));
  await expect(page.getByTestId('login-error')).toContainText('Code porteur incorrect');
  expect(pinTriesLeft(ALICE)).toBe(2);

  await page.getByTestId('card-pin').fill('1234');
  await page.getByTestId('card-submit').click();
  await expect(page.getByTestId('person')).toHaveText(/Alice MARTIN/i, { timeout: 30_000 });
  expect(pinTriesLeft(ALICE)).toBe(3);
  await expect(page.getByTestId('pane-sidebar')).toContainText('Titulaire', { timeout: 30_000 });
});

// How soon removal is seen is the card watcher's poll interval (≤ 1 s, test/integration/card/card.test.ts),
// not a wall-clock assertion here.
test('removing the card locks the session; the same card and PIN unlock it', async ({ page }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('person')).toHaveText(/Alice MARTIN/i, { timeout: 10_000 });
  removeCard();
  await expect(page.getByTestId('login-screen')).toContainText('Session verrouillée', { timeout: 30_000 });
  await expect(page.getByTestId('pane-list')).toHaveCount(0);
  await page.screenshot({ path: shot('login-locked') });

  insertCard(ALICE);
  await expect(page.getByTestId('card-identity')).toBeVisible({ timeout: 5_000 });
  await page.getByTestId('card-pin').fill('1234');
  await page.getByTestId('card-submit').click();
  await expect(page.getByTestId('login-screen')).toBeHidden({ timeout: 15_000 });
  await expect(page.getByTestId('person')).toHaveText(/Alice MARTIN/i);
});
