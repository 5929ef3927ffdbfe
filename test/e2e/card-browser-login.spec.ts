// Browser login with the CPS card as a TLS client certificate, as at the real PSC: the app opens PSC's
// authorization page, "Carte CPS" sends the browser to a listener that demands a client certificate,
// Chromium finds the card's certificate through the PKCS#11 module registered in its NSS database, asks
// for the card's PIN in its own dialog (typed there), signs the handshake with the key on the token, and
// the app receives the code on its loopback callback. Runs an own sandbox (SANDBOX_PSC_CARD_TLS=required,
// ports +4000) and a headed Chromium on a private Xvfb display (the PIN dialog is a native window).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { CARD_PIN, PORT_OFFSET as RUN_PORT_OFFSET } from '../../sandbox/config';
import { insertCard } from '../../sandbox/card/reader';
import { pinTriesLeft } from '../../sandbox/card/pin';
import {
  authCertificateSerial,
  browserHomeWithCardModule,
  nssCardCertificates,
  profileWithCertificateAutoSelect,
  startOwnSandbox,
  startXvfb,
  typePinInBrowserDialog,
  type OwnSandbox,
  type XServer,
} from './card-browser';
import { expect, shot, startHostProcess, stopHostProcess, test, type RunningHostProcess } from './host-fixture';
import { addBalThroughSetup } from './setup-helpers';

const ALICE = '810001234567';
const CA_CN = 'TEST AC IGC-SANTE STANDARD PERSONNES (NOT REAL)';
const PORT_OFFSET = Number(process.env.MSS_CARD_BROWSER_PORT_OFFSET ?? RUN_PORT_OFFSET + 4000);

let sandbox: OwnSandbox | undefined;
let xserver: XServer | undefined;
let host: RunningHostProcess | undefined;
let context: BrowserContext | undefined;
let root: string;
let browserHome: string;
let softhsmConf: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'mss-card-browser-'));
  sandbox = startOwnSandbox(PORT_OFFSET);
  insertCard(ALICE, { dir: sandbox.cardDir });
  softhsmConf = path.join(sandbox.cardDir, 'softhsm2.conf');
  const shim = path.join(sandbox.cardDir, 'lib', 'libcps-sim-pkcs11.so');
  browserHome = browserHomeWithCardModule(root, shim, softhsmConf, sandbox.caCert);
  host = await startHostProcess({ MSS_NET_CONFIG: sandbox.appRuntimeFile });
  xserver = await startXvfb();
  context = await chromium.launchPersistentContext(profileWithCertificateAutoSelect(root, sandbox.pscCardOrigin, CA_CN), {
    executablePath: process.env.MSS_CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: false,
    locale: 'fr-FR',
    viewport: { width: 1360, height: 820 },
    env: { ...process.env, DISPLAY: xserver.display, HOME: browserHome, SOFTHSM2_CONF: softhsmConf },
  });
});

test.afterAll(async () => {
  await context?.close();
  xserver?.stop();
  // Keeps the host's log next to the screenshots (it never holds content, tokens or PINs).
  if (host) await stopHostProcess(host, 'card-browser-login-main.log');
  sandbox?.down();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

test('Carte CPS at the PSC login page: the browser signs with the card key after its PIN dialog', async () => {
  test.setTimeout(180_000);
  const sb = sandbox!;
  // NSS sees the card's certificates without the PIN (public objects of a "friendly" module).
  expect(nssCardCertificates(browserHome, softhsmConf)).toContain(`CPS3 ${ALICE}:Certificat d'Authentification CPS`);

  const page = context!.pages()[0] ?? (await context!.newPage());
  await page.goto(host!.url);
  await addBalThroughSetup(page, 'alice.martin@test.mssante.fr');
  await expect(page.getByTestId('login-screen')).toBeVisible();

  const popupOpened = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Se connecter dans le navigateur' }).click();
  const psc = await popupOpened;
  await expect(psc.getByRole('heading', { name: 'Connexion avec Pro Santé Connect' })).toBeVisible({ timeout: 15_000 });
  expect(psc.url().startsWith(sb.pscOrigin)).toBe(true);
  await psc.getByLabel('Identifiant national (IdNat, RPPS ou ADELI)').fill(ALICE);
  await psc.getByLabel('Carte CPS (lecteur de carte)').check();
  await psc.screenshot({ path: shot('psc-login-card-method') });

  // The click leads to the card listener; Chromium picks the card certificate and asks for the token's PIN.
  const pinTyped = typePinInBrowserDialog(xserver!.display, CARD_PIN);
  await psc.getByRole('button', { name: 'Se connecter' }).click();
  const dialog = await pinTyped;
  test.info().annotations.push({ type: 'PIN dialog', description: dialog.title });

  await expect(psc.getByRole('heading', { name: 'Connexion réussie' })).toBeVisible({ timeout: 30_000 });
  await psc.screenshot({ path: shot('psc-login-card-done') });
  await expect(page.getByTestId('person')).toHaveText(/Alice MARTIN/i, { timeout: 30_000 });
  const sidebar = page.getByTestId('pane-sidebar');
  await expect(sidebar).toContainText('Titulaire', { timeout: 30_000 });
  // The PSC token obtained through the card opens the mailboxes (IMAP XOAUTH2/OAUTHBEARER on the own sandbox).
  await expect(sidebar).toContainText('Boîte de réception', { timeout: 60_000 });
  await expect(page.getByTestId('pane-list').getByRole('option').first()).toBeVisible({ timeout: 60_000 });
  await page.screenshot({ path: shot('card-browser-logged-in') });

  // The provider saw the card's AUTHENTICATION certificate (never the signature one); the PIN was right at the first try.
  const log = fs.readFileSync(sb.nodeLog, 'utf8');
  expect(log).toContain(`psc login completed (CARD, card certificate serial ${authCertificateSerial(sb, ALICE)})`);
  expect(pinTriesLeft(ALICE, { dir: sb.cardDir })).toBe(3);
});
