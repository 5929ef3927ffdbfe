// Builds one SoftHSM2 token per person with `card: true`, shaped like a CPS3 card as Cryptolib CPS
// presents it: public data objects, an authentication pair (CKA_ID …20) and a signature pair (CKA_ID …10),
// keys generated ON the token, certificates issued by the sandbox CA from CSRs signed on the token.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CARD_PIN, CARD_PUK, PATHS, PEOPLE, SOFTHSM_MODULE, type SandboxPerson } from '../config';
import { ensurePki, issueCert } from '../pki';
import { run, withDirLock } from '../util/exec';
import { createCsrOnToken, readPublicKey, type TokenKeyRef } from './csr';
import { cardLayout, softhsmConf, tokenLabel, type CardLayout } from './layout';
import { buildPinShim } from './pin-shim';
import { removeCard } from './reader';

/** CKA_ID of the pairs: last byte 0x20 = authentication, 0x10 = signature (CPS convention). */
export const AUTH_KEY_ID = '0120';
export const SIGN_KEY_ID = '0110';
export const AUTH_CERT_LABEL = "Certificat d'Authentification CPS";
export const SIGN_CERT_LABEL = 'Certificat de Signature CPS';

export interface SetupCardsOptions {
  /** Base folder (default PATHS.card). Tests pass a temp dir. */
  dir?: string;
  /** Only these people (default: everyone with card: true). */
  people?: SandboxPerson[];
  /** Rebuild cards that already exist. */
  force?: boolean;
  /** Suffix of the certificate names in the sandbox PKI (default: 'sandbox' for PATHS.card, else a hash of dir). */
  certTag?: string;
}

export interface SandboxCard {
  idNat: string;
  tokenLabel: string;
  tokenDir: string;
  authCert: string;
  signCert: string;
}

export interface CardSandbox {
  layout: CardLayout;
  /** Point SOFTHSM2_CONF here (the reader). */
  softhsmConf: string;
  /** PKCS#11 module path to load: SoftHSM itself. */
  module: string;
  /** The PIN-counter shim (wraps SoftHSM, adds CPS-like try counters), or null if it could not be built. */
  shimModule: string | null;
  cards: SandboxCard[];
}

/** Certificate subject in openssl -subj form (DER order: C, title, then the multi-valued CN+SN+GN). */
export function cardSubject(p: SandboxPerson): string {
  const esc = (s: string) => s.replace(/([/+=\\])/g, '\\$1');
  return `/C=FR/title=${esc(p.profession)}/CN=${p.idNat}+SN=${esc(p.familyName.toUpperCase())}+GN=${esc(p.givenName.toUpperCase())}`;
}

function csrSubject(p: SandboxPerson): string {
  const esc = (s: string) => s.replace(/([,+"\\<>;=])/g, '\\$1');
  return `C=FR, T=${esc(p.profession)}, CN=${p.idNat}+SN=${esc(p.familyName.toUpperCase())}+G=${esc(p.givenName.toUpperCase())}`;
}

/** Readable stand-ins for the card's public data objects (the real ones are binary; the app does not parse them). */
function dataObjects(p: SandboxPerson, cardSerial: string): Record<string, string> {
  const now = new Date();
  const until = new Date(now.getTime() + 3 * 365 * 86400_000);
  const d = (x: Date) => x.toISOString().slice(0, 10);
  return {
    CPS_ID_CARD: `type=CPS3\nserial=${cardSerial}\nissued=${d(now)}\nexpires=${d(until)}\nissuer=ANS (SANDBOX)\n`,
    CPS_NAME_PS: `nom=${p.familyName.toUpperCase()}\nprenom=${p.givenName}\ncivilite=${p.title === 'Dr' ? 'DR' : ''}\n`,
    CPS_INFO_PS: `idnat=${p.idNat}\ntype_id=${p.idNat[0]}\nprofession=${p.profession}\ncode_profession=${p.profession === 'Médecin' ? '10' : '60'}\ncategorie=C\n`,
    CPS_DATA: `version=3\ncard=${cardSerial}\n`,
  };
}

function certTag(base: string): string {
  return path.resolve(base) === path.resolve(PATHS.card) ? 'sandbox' : crypto.createHash('sha1').update(path.resolve(base)).digest('hex').slice(0, 8);
}

async function p11(conf: string, args: string[]): Promise<string> {
  const { stdout } = await run('pkcs11-tool', ['--module', SOFTHSM_MODULE, ...args], { env: { ...process.env, SOFTHSM2_CONF: conf } });
  return stdout;
}

async function buildPair(
  ref: TokenKeyRef,
  work: string,
  kind: 'aut' | 'sig',
  person: SandboxPerson,
  tag: string,
): Promise<string> {
  const label = kind === 'aut' ? 'CPS_PRIV_AUT' : 'CPS_PRIV_SIG';
  const login = ['--token-label', ref.tokenLabel, '--login', '--pin', ref.pin];
  await p11(ref.softhsmConf, [...login, '--keypairgen', '--key-type', 'rsa:2048', '--id', ref.id, '--label', label, '--usage-sign']);
  // keypairgen labels both halves alike: give the public key its own label
  const pub = path.join(work, `${person.idNat}-${kind}.pub.der`);
  const spki = await readPublicKey(ref, pub);
  await p11(ref.softhsmConf, [...login, '--delete-object', '--type', 'pubkey', '--id', ref.id]);
  await p11(ref.softhsmConf, [...login, '--write-object', pub, '--type', 'pubkey', '--id', ref.id, '--label', kind === 'aut' ? 'CPS_PUB_AUT' : 'CPS_PUB_SIG']);

  const csr = path.join(work, `${person.idNat}-${kind}.csr`);
  await createCsrOnToken(ref, csrSubject(person), spki, csr);
  const issued = await issueCert({ name: `card-${person.idNat}-${kind}-${tag}`, subject: cardSubject(person), kind: kind === 'aut' ? 'client' : 'signature', csrPath: csr });
  const der = path.join(work, `${person.idNat}-${kind}.crt.der`);
  fs.writeFileSync(der, new crypto.X509Certificate(fs.readFileSync(issued.cert)).raw);
  await p11(ref.softhsmConf, [...login, '--write-object', der, '--type', 'cert', '--id', ref.id, '--label', kind === 'aut' ? AUTH_CERT_LABEL : SIGN_CERT_LABEL]);
  return issued.cert;
}

async function buildCard(layout: CardLayout, person: SandboxPerson, tag: string): Promise<SandboxCard> {
  const dir = layout.cardDir(person.idNat);
  const conf = layout.cardConf(person.idNat);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(conf, softhsmConf(dir));
  const label = tokenLabel(person.idNat);
  await run('softhsm2-util', ['--init-token', '--free', '--label', label, '--so-pin', CARD_PUK, '--pin', CARD_PIN], {
    env: { ...process.env, SOFTHSM2_CONF: conf },
  });
  const work = layout.workDir;
  const login = ['--token-label', label, '--login', '--pin', CARD_PIN];
  const cardSerial = `SBX${person.idNat.slice(-7)}`;
  for (const [objLabel, content] of Object.entries(dataObjects(person, cardSerial))) {
    const f = path.join(work, `${person.idNat}-${objLabel}.bin`);
    fs.writeFileSync(f, content);
    // public (no --private): readable without the PIN, as on a CPS
    await p11(conf, [...login, '--write-object', f, '--type', 'data', '--label', objLabel, '--application-label', 'CPS']);
  }
  const ref = (id: string): TokenKeyRef => ({ module: SOFTHSM_MODULE, softhsmConf: conf, tokenLabel: label, pin: CARD_PIN, id });
  const authCert = await buildPair(ref(AUTH_KEY_ID), work, 'aut', person, tag);
  const signCert = await buildPair(ref(SIGN_KEY_ID), work, 'sig', person, tag);
  fs.writeFileSync(path.join(dir, 'card.json'), JSON.stringify({ idNat: person.idNat, tokenLabel: label, authCert, signCert }, null, 2));
  return { idNat: person.idNat, tokenLabel: label, tokenDir: dir, authCert, signCert };
}

function readCard(layout: CardLayout, idNat: string): SandboxCard | null {
  try {
    const meta = JSON.parse(fs.readFileSync(path.join(layout.cardDir(idNat), 'card.json'), 'utf8')) as Omit<SandboxCard, 'tokenDir'>;
    if (!fs.existsSync(meta.authCert) || !fs.existsSync(meta.signCert)) return null;
    // rebuild when the sandbox CA was re-created or the certificates are about to expire
    const ca = new crypto.X509Certificate(fs.readFileSync(PATHS.caCert));
    for (const f of [meta.authCert, meta.signCert]) {
      const c = new crypto.X509Certificate(fs.readFileSync(f));
      if (!c.verify(ca.publicKey) || new Date(c.validTo).getTime() < Date.now() + 7 * 86400_000) return null;
    }
    return { ...meta, tokenDir: layout.cardDir(idNat) };
  } catch {
    return null;
  }
}

/** Creates (once, or again with force) the cards, the reader config and the shim. The reader starts empty. */
export async function setupCards(opts: SetupCardsOptions = {}): Promise<CardSandbox> {
  const layout = cardLayout(opts.dir);
  const people = opts.people ?? PEOPLE.filter((p) => p.card);
  fs.mkdirSync(layout.base, { recursive: true });
  await ensurePki();
  return withDirLock(path.join(layout.base, '.lock'), async () => {
    for (const d of [layout.cardsDir, layout.emptyDir, layout.workDir, layout.libDir]) fs.mkdirSync(d, { recursive: true });
    const tag = opts.certTag ?? certTag(layout.base);
    const cards: SandboxCard[] = [];
    for (const p of people) {
      const existing = opts.force ? null : readCard(layout, p.idNat);
      cards.push(existing ?? (await buildCard(layout, p, tag)));
    }
    fs.writeFileSync(layout.readerConf, softhsmConf(layout.readerLink));
    if (!fs.existsSync(layout.readerLink)) removeCard({ dir: layout.base });
    let shimModule: string | null = null;
    try {
      shimModule = await buildPinShim(layout);
    } catch (e) {
      console.warn(`[card] PIN-counter shim not built: ${(e as Error).message}`);
    }
    return { layout, softhsmConf: layout.readerConf, module: SOFTHSM_MODULE, shimModule, cards };
  });
}
