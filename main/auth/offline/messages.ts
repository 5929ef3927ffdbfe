// What the person reads when a local unlock (offline opening) is refused or cannot be set.
import { UserError } from '../../errors';
import { MAX_CODE_LENGTH, MIN_CODE_LENGTH, type UnlockResult } from './offline-unlock';

function clock(at: number, lang: 'fr' | 'en'): string {
  return new Date(at).toLocaleTimeString(lang === 'fr' ? 'fr-FR' : 'en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function unlockRefused(result: Exclude<UnlockResult, { ok: true }>): UserError {
  switch (result.reason) {
    case 'wrong-code': {
      const waitFr = result.retryAfter ? ` Prochain essai possible à ${clock(result.retryAfter, 'fr')}.` : '';
      const waitEn = result.retryAfter ? ` Next try possible at ${clock(result.retryAfter, 'en')}.` : '';
      return new UserError('offline.wrong-code', {
        fr: `Code de déverrouillage incorrect. Il reste ${result.attemptsLeft} essai${result.attemptsLeft > 1 ? 's' : ''} avant l’effacement du déverrouillage hors ligne.${waitFr}`,
        en: `Wrong unlock code. ${result.attemptsLeft} ${result.attemptsLeft > 1 ? 'tries' : 'try'} left before offline unlock is erased.${waitEn}`,
      });
    }
    case 'wait':
      return new UserError('offline.wait', {
        fr: `Trop de codes faux : attendez ${clock(result.retryAfter, 'fr')} avant un nouvel essai (il en reste ${result.attemptsLeft}).`,
        en: `Too many wrong codes: wait until ${clock(result.retryAfter, 'en')} before trying again (${result.attemptsLeft} left).`,
      });
    case 'erased':
      return new UserError('offline.erased', {
        fr: "Trop de codes faux : le déverrouillage hors ligne de cette personne est effacé. Connectez-vous avec Pro Santé Connect (réseau nécessaire), puis définissez un nouveau code.",
        en: 'Too many wrong codes: this person’s offline unlock is erased. Sign in with Pro Santé Connect (network needed), then set a new code.',
      });
    case 'stale':
      return new UserError('offline.stale', {
        fr: "Le cache de ce poste a été reconstruit depuis que ce code a été défini : il ne l'ouvre plus. Connectez-vous avec Pro Santé Connect, puis définissez un nouveau code.",
        en: 'This workstation’s cache was rebuilt since this code was set: it no longer opens it. Sign in with Pro Santé Connect, then set a new code.',
      });
    case 'cache-closed':
      return new UserError('offline.cache-closed', {
        fr: 'Le cache des messages est fermé : il ne peut pas être ouvert hors ligne.',
        en: 'The message cache is closed: it cannot be opened offline.',
      });
    case 'unknown-person':
      return new UserError('offline.unknown-person', {
        fr: "Cette personne n'a pas de déverrouillage hors ligne sur ce poste.",
        en: 'This person has no offline unlock on this workstation.',
      });
  }
}

export const notOnline = () =>
  new UserError('offline.not-online', {
    fr: "Le code hors ligne se définit pendant une connexion en ligne (Pro Santé Connect) : connectez-vous d'abord.",
    en: 'The offline code is set during an online (Pro Santé Connect) session: sign in first.',
  });

export const badLength = () =>
  new UserError('offline.code-length', {
    fr: `Le code compte entre ${MIN_CODE_LENGTH} et ${MAX_CODE_LENGTH} caractères.`,
    en: `The code has ${MIN_CODE_LENGTH} to ${MAX_CODE_LENGTH} characters.`,
  });

export const wrongPerson = () =>
  new UserError('offline.wrong-person', {
    fr: "Une autre personne a une session verrouillée sur ce poste : seule cette personne peut la déverrouiller. Pour changer de personne, choisissez « Se déconnecter ».",
    en: 'Another person has a locked session on this workstation: only that person can unlock it. To change person, choose “Sign out”.',
  });

export const alreadyOnline = () =>
  new UserError('offline.already-online', {
    fr: 'Une session en ligne est ouverte : le déverrouillage hors ligne ne sert pas.',
    en: 'An online session is open: offline unlock is not needed.',
  });

export const keychainRefused = (cause: unknown) =>
  new UserError(
    'offline.keychain',
    {
      fr: "Le trousseau du système a refusé d'enregistrer le code hors ligne : il n'est pas défini.",
      en: 'The system keychain refused to store the offline code: it is not set.',
    },
    { cause },
  );
