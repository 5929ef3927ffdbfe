// User-facing errors of the mail reading calls (French first; what happened and what to do).
import { UserError } from '../errors';

export const cacheLocked = () =>
  new UserError('mail.cache-locked', {
    fr: "Les messages ne sont pas accessibles : la session est verrouillée ou le cache local n'est pas ouvert. Connectez-vous pour les consulter.",
    en: 'Messages are not available: the session is locked or the local cache is not open. Log in to read them.',
  });

export const folderNotFound = () =>
  new UserError('mail.folder-not-found', {
    fr: "Ce dossier n'est pas disponible (supprimé, ou boîte aux lettres non autorisée pour vous). Choisissez un autre dossier.",
    en: 'This folder is not available (deleted, or a mailbox you may not open). Choose another folder.',
  });

export const messageNotFound = () =>
  new UserError('mail.message-not-found', {
    fr: "Ce message n'est plus disponible (déplacé, supprimé, ou boîte aux lettres non autorisée pour vous). Actualisez la liste.",
    en: 'This message is no longer available (moved, deleted, or a mailbox you may not open). Refresh the list.',
  });

export const balNotAllowed = () =>
  new UserError('mail.bal-not-allowed', {
    fr: "Vous n'avez pas accès à cette boîte aux lettres sur ce poste. Demandez au titulaire de vous y donner accès.",
    en: 'You do not have access to this mailbox on this workstation. Ask its holder to grant you access.',
  });

export const crossBalMove = () =>
  new UserError('mail.cross-bal-move', {
    fr: "Un message ne peut être déplacé que vers un dossier de la même boîte aux lettres. Transférez-le plutôt.",
    en: 'A message can only be moved to a folder of the same mailbox. Forward it instead.',
  });

export const attachmentNotFound = () =>
  new UserError('mail.attachment-not-found', {
    fr: "Cette pièce jointe n'existe pas dans ce message. Actualisez le message.",
    en: 'This attachment does not exist in this message. Refresh the message.',
  });

export const attachmentUnavailable = () =>
  new UserError('mail.attachment-unavailable', {
    fr: "La pièce jointe n'a pas encore été téléchargée et le serveur n'est pas joignable. Réessayez une fois la connexion rétablie.",
    en: 'The attachment has not been downloaded yet and the server cannot be reached. Try again once back online.',
  });

export const previewUnsupported = () =>
  new UserError('mail.preview-unsupported', {
    fr: "Ce type de pièce jointe ne peut pas être prévisualisé (seuls les images et les PDF le sont). Enregistrez-la pour l'ouvrir.",
    en: 'This kind of attachment cannot be previewed (only images and PDF can). Save it to open it.',
  });

export const previewTooLarge = (maxMb: number) =>
  new UserError('mail.preview-too-large', {
    fr: `Cette pièce jointe dépasse ${maxMb} Mo et ne peut pas être prévisualisée. Enregistrez-la pour l'ouvrir.`,
    en: `This attachment exceeds ${maxMb} MB and cannot be previewed. Save it to open it.`,
  });

export const previewMismatch = () =>
  new UserError('mail.preview-mismatch', {
    fr: "Le contenu de cette pièce jointe ne correspond pas au type annoncé : la prévisualisation est refusée par prudence. Enregistrez-la et vérifiez-la avant de l'ouvrir.",
    en: 'The content of this attachment does not match its declared type: preview refused as a precaution. Save it and check it before opening it.',
  });

export const dangerousToOpen = () =>
  new UserError('mail.attachment-dangerous', {
    fr: "Ce type de fichier peut exécuter du code : il n'est pas ouvert directement. Enregistrez-le, puis faites-le vérifier avant de l'ouvrir.",
    en: 'This kind of file can run code: it is not opened directly. Save it, then have it checked before opening it.',
  });

export const saveFailed = () =>
  new UserError('mail.attachment-save-failed', {
    fr: "La pièce jointe n'a pas pu être enregistrée. Vérifiez l'espace disque et les droits du dossier choisi, puis réessayez.",
    en: 'The attachment could not be saved. Check the disk space and the rights on the chosen folder, then try again.',
  });

export const bodyNotCached = () =>
  new UserError('mail.body-not-cached', {
    fr: "Le contenu de ce message n'est pas encore téléchargé. Patientez quelques secondes ou vérifiez la connexion.",
    en: 'The content of this message has not been downloaded yet. Wait a few seconds or check the connection.',
  });

export const specialFolderUnavailable = (role: 'trash' | 'archive') =>
  role === 'trash'
    ? new UserError('mail.trash-unavailable', {
        fr: "La corbeille de cette boîte aux lettres n'est pas encore connue de ce poste et le serveur est injoignable : rien n'a été supprimé. Réessayez une fois la connexion rétablie.",
        en: 'The Trash folder of this mailbox is not known on this workstation yet and the server is unreachable: nothing was deleted. Try again once connected.',
      })
    : new UserError('mail.archive-folder-unavailable', {
        fr: "Le dossier Archives de cette boîte aux lettres n'est pas encore connu de ce poste et le serveur est injoignable : rien n'a été archivé. Réessayez une fois la connexion rétablie.",
        en: 'The Archives folder of this mailbox is not known on this workstation yet and the server is unreachable: nothing was archived. Try again once connected.',
      });

export const permanentOnlyInTrash = () =>
  new UserError('mail.permanent-outside-trash', {
    fr: "La suppression définitive ne se fait que depuis la corbeille. Supprimez d'abord le message (il va dans la corbeille), puis videz-le de la corbeille.",
    en: 'Permanent deletion is only done from the Trash. Delete the message first (it goes to the Trash), then delete it from the Trash.',
  });

export const confirmPermanentDelete = () =>
  new UserError('mail.confirm-permanent', {
    fr: "Ces messages sont déjà dans la corbeille : les supprimer encore les efface définitivement, pour tous les utilisateurs de la boîte. Confirmez la suppression définitive.",
    en: 'These messages are already in the Trash: deleting them again erases them for good, for every user of the mailbox. Confirm the permanent deletion.',
  });
