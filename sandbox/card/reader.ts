// Card insertion / removal in the sandbox reader: <base>/reader is a symlink that SoftHSM uses as its
// tokendir; it points at cards/<idNat> (card in the reader) or at empty/ (no card).
//
// SoftHSM only scans its tokendir in C_Initialize. After a swap, a module that stays initialised answers
// CKR_GENERAL_ERROR for the old slot and never shows the new token; a C_Finalize + C_Initialize shows the
// new state. The app's presence watcher therefore re-initialises the module on each poll while no
// session is open (see main/auth/card/README.md).
import fs from 'node:fs';
import path from 'node:path';
import { cardLayout } from './layout';

export interface ReaderOptions {
  dir?: string;
}

function pointReaderAt(base: string, relTarget: string): void {
  const layout = cardLayout(base);
  const tmp = `${layout.readerLink}.${process.pid}.tmp`;
  fs.rmSync(tmp, { force: true });
  fs.symlinkSync(relTarget, tmp);
  fs.renameSync(tmp, layout.readerLink); // atomic swap
}

/** Puts the card of this person in the reader (replacing any card already there). */
export function insertCard(idNat: string, opts: ReaderOptions = {}): void {
  const layout = cardLayout(opts.dir);
  if (!fs.existsSync(path.join(layout.cardDir(idNat), 'card.json'))) throw new Error(`no sandbox card for ${idNat}: run setup first`);
  pointReaderAt(layout.base, path.relative(layout.base, layout.cardDir(idNat)));
}

/** Empties the reader. */
export function removeCard(opts: ReaderOptions = {}): void {
  const layout = cardLayout(opts.dir);
  fs.mkdirSync(layout.emptyDir, { recursive: true });
  pointReaderAt(layout.base, path.relative(layout.base, layout.emptyDir));
}

export interface ReaderStatus {
  /** IdNat of the card in the reader, or null. */
  inserted: string | null;
  softhsmConf: string;
  cards: string[];
}

export function cardStatus(opts: ReaderOptions = {}): ReaderStatus {
  const layout = cardLayout(opts.dir);
  let inserted: string | null = null;
  try {
    const target = path.resolve(layout.base, fs.readlinkSync(layout.readerLink));
    if (path.dirname(target) === layout.cardsDir) inserted = path.basename(target);
  } catch {
    inserted = null;
  }
  const cards = fs.existsSync(layout.cardsDir)
    ? fs.readdirSync(layout.cardsDir).filter((n) => fs.existsSync(path.join(layout.cardsDir, n, 'card.json')))
    : [];
  return { inserted, softhsmConf: layout.readerConf, cards };
}
