// User-facing errors of the national directory search (French first).
import { UserError } from '../errors';

export const directoryNoKey = () =>
  new UserError('directory.no-key', {
    fr: "La recherche dans l'Annuaire Santé demande une clé d'API : renseignez-la dans Réglages › Rédaction. En attendant, seuls vos correspondants habituels sont proposés.",
    en: 'Searching the national health directory needs an API key: enter it in Settings › Writing. Meanwhile only your usual correspondents are suggested.',
  });

export const directoryKeyRefused = () =>
  new UserError('directory.key-refused', {
    fr: "L'Annuaire Santé a refusé la clé d'API : vérifiez-la dans Réglages › Rédaction.",
    en: 'The national health directory refused the API key: check it in Settings › Writing.',
  });

export const directoryUnavailable = () =>
  new UserError('directory.unavailable', {
    fr: "L'Annuaire Santé ne répond pas pour le moment : réessayez dans quelques instants, ou saisissez l'adresse complète.",
    en: 'The national health directory is not answering right now: try again shortly, or type the full address.',
  });

export const directoryInvalid = () =>
  new UserError('directory.invalid-response', {
    fr: "La réponse de l'Annuaire Santé est inattendue et a été ignorée. Réessayez plus tard ; si cela persiste, contactez le support.",
    en: 'The national health directory answered unexpectedly; the answer was ignored. Try again later; if it persists, contact support.',
  });

/** The API's certificate did not verify against the IGC-Santé roots, or its chain is revoked / unverifiable. */
export const directoryCertificate = (revoked: boolean) =>
  new UserError('directory.certificate', revoked
    ? {
        fr: "Le certificat de l'Annuaire Santé a été révoqué par son autorité : la recherche a été interrompue par sécurité. Saisissez l'adresse complète ; si cela persiste, contactez le support.",
        en: "The national health directory's certificate was revoked by its authority: the search was stopped for safety. Type the full address; if it persists, contact support.",
      }
    : {
        fr: "Le certificat de l'Annuaire Santé n'a pas pu être vérifié (autorité IGC-Santé, révocation) : la recherche a été interrompue par sécurité. Saisissez l'adresse complète ; si cela persiste, contactez le support.",
        en: "The national health directory's certificate could not be verified (IGC-Santé authority, revocation): the search was stopped for safety. Type the full address; if it persists, contact support.",
      });
