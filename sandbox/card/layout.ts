// Where the CPS-like card sandbox keeps its state. Everything hangs off one base folder (PATHS.card by
// default; tests pass a temp dir so they never fight with a running sandbox):
//
//   <base>/softhsm2.conf      the "reader": tokendir = <base>/reader  (what the app / tests point SOFTHSM2_CONF at)
//   <base>/reader -> cards/<idNat> | empty   symlink swapped to insert / remove a card
//   <base>/cards/<idNat>/     one SoftHSM token folder per card (SoftHSM tokendir holding exactly one token)
//   <base>/cards/<idNat>.conf SoftHSM config used while building that card
//   <base>/empty/             the empty reader
//   <base>/work/              CSRs and certificates produced while building the cards
//   <base>/lib/               the PIN-counter shim module (see pin-shim.c), built on setup
import path from 'node:path';
import { PATHS } from '../config';

export interface CardLayout {
  base: string;
  readerConf: string;
  readerLink: string;
  cardsDir: string;
  emptyDir: string;
  workDir: string;
  libDir: string;
  shimModule: string;
  cardDir(idNat: string): string;
  cardConf(idNat: string): string;
}

export function cardLayout(base: string = PATHS.card): CardLayout {
  const abs = path.resolve(base);
  return {
    base: abs,
    readerConf: path.join(abs, 'softhsm2.conf'),
    readerLink: path.join(abs, 'reader'),
    cardsDir: path.join(abs, 'cards'),
    emptyDir: path.join(abs, 'empty'),
    workDir: path.join(abs, 'work'),
    libDir: path.join(abs, 'lib'),
    shimModule: path.join(abs, 'lib', 'libcps-sim-pkcs11.so'),
    cardDir: (idNat) => path.join(abs, 'cards', idNat),
    cardConf: (idNat) => path.join(abs, 'cards', `${idNat}.conf`),
  };
}

export function softhsmConf(tokenDir: string): string {
  return [
    `directories.tokendir = ${tokenDir}`,
    'objectstore.backend = file',
    'log.level = ERROR',
    // a card reader: the token can come and go
    'slots.removable = true',
    'slots.mechanisms = ALL',
    '',
  ].join('\n');
}

/** Token label as the sandbox cards present it (Cryptolib CPS shows the card type; the app must not rely on it). */
export function tokenLabel(idNat: string): string {
  return `CPS3 ${idNat}`;
}
