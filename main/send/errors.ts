// User-facing errors of writing and sending (French first): what happened and what to do.
import { UserError } from '../errors';

const e = (code: string, fr: string, en: string) => new UserError(code, { fr, en });

export const noRecipient = () =>
  e('send.no-recipient', 'Ajoutez au moins un destinataire avant d\'envoyer le message.', 'Add at least one recipient before sending the message.');

export const invalidRecipients = (list: string[]) =>
  e(
    'send.invalid-recipient',
    `Adresse${list.length > 1 ? 's' : ''} de destinataire invalide${list.length > 1 ? 's' : ''} : ${list.slice(0, 5).join(', ')}. Corrigez-la${list.length > 1 ? 's' : ''} puis renvoyez.`,
    `Invalid recipient address(es): ${list.slice(0, 5).join(', ')}. Correct them and send again.`,
  );

export const tooLarge = (limitBytes: number, towardsPatient: boolean) => {
  const mb = Math.floor(limitBytes / (1024 * 1024));
  return e(
    'send.too-large',
    towardsPatient
      ? `Le message dépasse ${mb} Mo, la taille maximale acceptée vers l\'espace patient. Retirez ou allégez des pièces jointes.`
      : `Le message dépasse ${mb} Mo, la taille maximale acceptée par votre opérateur. Retirez ou allégez des pièces jointes.`,
    towardsPatient
      ? `The message exceeds ${mb} MB, the largest size accepted towards the patient space. Remove or shrink attachments.`
      : `The message exceeds ${mb} MB, the largest size your operator accepts. Remove or shrink attachments.`,
  );
};

export const balNotAllowedToSend = () =>
  e(
    'send.bal-not-allowed',
    'Vous n\'êtes pas autorisé(e) à envoyer depuis cette boîte aux lettres. Choisissez une autre boîte ou demandez au titulaire de vous déléguer l\'accès.',
    'You are not allowed to send from this mailbox. Choose another mailbox or ask its holder to delegate access to you.',
  );

export const cacheClosed = () =>
  e(
    'send.cache-closed',
    'Le stockage local est fermé : la session est verrouillée ou le cache n\'est pas ouvert. Connectez-vous pour écrire et envoyer.',
    'Local storage is closed: the session is locked or the cache is not open. Log in to write and send.',
  );

export const accountUnknown = () =>
  e(
    'send.account-unknown',
    'Cette boîte aux lettres n\'est pas configurée sur ce poste. Ajoutez-la dans les réglages avant d\'envoyer.',
    'This mailbox is not configured on this workstation. Add it in the settings before sending.',
  );

export const outboxNotFound = () =>
  e('send.outbox-not-found', 'Ce message n\'est plus dans la boîte d\'envoi. Actualisez la liste.', 'This message is no longer in the outbox. Refresh the list.');

export const draftNotFound = () =>
  e('send.draft-not-found', 'Ce brouillon n\'existe plus. Actualisez la liste des brouillons.', 'This draft no longer exists. Refresh the draft list.');

export const notADraft = () =>
  e('send.not-a-draft', 'Ce message n\'est pas dans le dossier Brouillons : il ne peut pas être modifié. Utilisez « Transférer » pour le réutiliser.', 'This message is not in the Drafts folder: it cannot be edited. Use "Forward" to reuse it.');

export const draftUnavailable = () =>
  e('send.draft-unavailable', 'Ce brouillon n\'a pas pu être lu depuis le serveur et son contenu n\'est pas encore dans le cache. Vérifiez la connexion puis réessayez.', 'This draft could not be read from the server and its content is not cached yet. Check the connection and try again.');

export const notRetryable = () =>
  e('send.not-retryable', 'Ce message a déjà été envoyé ou est en cours d\'envoi : il n\'est pas renvoyé.', 'This message was already sent or is being sent: it is not sent again.');

export const attachmentTooMany = () =>
  e('send.attachment-invalid', 'Une pièce jointe est illisible (contenu invalide). Retirez-la et ajoutez-la de nouveau.', 'An attachment is unreadable (invalid content). Remove it and add it again.');

export const mdnNotRequested = () =>
  e('mdn.not-requested', 'Ce message ne demande pas d\'accusé de lecture, ou il a déjà reçu une réponse.', 'This message does not ask for a read receipt, or it was already answered.');

export const messageUnavailable = () =>
  e('send.message-unavailable', 'Le message d\'origine n\'est plus disponible dans le cache. Actualisez puis réessayez.', 'The original message is no longer in the cache. Refresh and try again.');

export const bodyNotReady = () =>
  e('send.body-not-ready', 'Le contenu du message d\'origine n\'est pas encore téléchargé. Patientez quelques secondes puis réessayez.', 'The original message content is not downloaded yet. Wait a few seconds and try again.');

/** SMTP refusals and failures, as stored on the outbox item and shown in the outbox (French only: stored text). */
export const SMTP_TEXT = {
  rights: 'Vous n\'êtes pas autorisé(e) à envoyer depuis cette boîte aux lettres. Demandez au titulaire de vous déléguer l\'accès, puis renvoyez.',
  size: 'Le message est trop volumineux pour le serveur de messagerie. Retirez ou allégez des pièces jointes, puis renvoyez.',
  recipients: (list: string[]) => `Destinataire${list.length > 1 ? 's' : ''} refusé${list.length > 1 ? 's' : ''} par le serveur : ${list.slice(0, 5).join(', ')}. Vérifiez l\'adresse dans l\'annuaire, corrigez-la et renvoyez.`,
  sessionExpired: 'Votre session Pro Santé Connect a expiré : reconnectez-vous, le message partira ensuite automatiquement.',
  noRight: 'Vous n\'êtes pas autorisé(e) à envoyer depuis cette boîte aux lettres : le serveur a refusé votre identification pour elle (délégation retirée ou conditions d\'utilisation non acceptées). Vérifiez vos droits auprès du titulaire.',
  unreachable: 'Serveur d\'envoi injoignable : le message reste dans la boîte d\'envoi et partira dès que la connexion sera rétablie.',
  tls: 'La connexion sécurisée au serveur d\'envoi a échoué (certificat non reconnu). Le message reste dans la boîte d\'envoi ; contactez votre support informatique.',
  temporary: 'Le serveur d\'envoi a refusé temporairement le message : nouvel essai automatique dans quelques minutes.',
  refused: (code: number) => `Le serveur d\'envoi a refusé le message (code ${code}). Vérifiez les destinataires et le contenu, puis renvoyez.`,
  interrupted: 'Envoi interrompu : vérification dans le dossier Envoyés en cours avant tout nouvel essai.',
} as const;
