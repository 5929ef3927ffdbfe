// Strings of the local archive and exports (French first), as the `archive` namespace object; also the
// audit trail's labels of the actions this feature records.
import i18next from 'i18next';

export const archiveFr = {
  view: {
    title: 'Archives locales',
    open: 'Archives locales',
    openLabel: 'Afficher les messages archivés sur ce poste (plus sur le serveur)',
    back: 'Retour aux dossiers',
    count_one: '{{n}} message archivé',
    count_other: '{{n}} messages archivés',
    empty: 'Aucun message archivé localement pour cette boîte.',
    label: 'Messages archivés sur ce poste',
    loadMore: 'Afficher les messages plus anciens',
    offlineNote: 'Ces messages ne sont plus sur le serveur : ils restent lisibles et cherchables sur ce poste, même hors connexion.',
  },
  actions: {
    archive: 'Archiver',
    archiveLabel: 'Archiver sur ce poste puis retirer du serveur',
    archived_one: 'Message archivé sur ce poste et retiré du serveur.',
    archived_other: '{{count}} messages archivés sur ce poste et retirés du serveur.',
    partial: 'Archivage incomplet : {{failed}} message(s) restent sur le serveur (copie locale non vérifiée ou serveur injoignable). Réessayez plus tard.',
    exportEml: 'Exporter (.eml)',
    exportEmlLabel: 'Enregistrer le message d’origine au format .eml',
    exportMbox: 'Exporter (mbox)',
    exportFolderLabel: 'Enregistrer tous les messages de ce dossier dans un fichier mbox',
    exportArchiveLabel: 'Enregistrer les archives locales dans un fichier mbox',
    saved: 'Enregistré : {{path}}',
    savedMbox: '{{count}} message(s) enregistré(s) : {{path}}{{missing}}',
    missing: ' ({{n}} indisponible(s) hors connexion)',
    cancelled: 'Enregistrement annulé.',
    working: 'En cours…',
  },
  policy: {
    open: 'Archivage automatique…',
    title: 'Archivage automatique',
    intro: 'Archiver automatiquement les messages traités (lus) de la boîte de réception et des envoyés après un délai. Une copie complète et vérifiée est gardée sur ce poste avant la suppression sur le serveur.',
    enabled: 'Archiver automatiquement les messages traités',
    days: 'Après (jours)',
    serverAction: 'Sur le serveur',
    expunge: 'Supprimer définitivement',
    trash: 'Déplacer dans la corbeille',
    save: 'Enregistrer',
    close: 'Fermer',
    saved: 'Réglage enregistré.',
    off: 'Archivage automatique désactivé.',
  },
};

export const archiveEn: typeof archiveFr = {
  view: {
    title: 'Local archive',
    open: 'Local archive',
    openLabel: 'Show messages archived on this workstation (no longer on the server)',
    back: 'Back to folders',
    count_one: '{{n}} archived message',
    count_other: '{{n}} archived messages',
    empty: 'No message archived locally for this mailbox.',
    label: 'Messages archived on this workstation',
    loadMore: 'Show older messages',
    offlineNote: 'These messages are no longer on the server: they stay readable and searchable on this workstation, even offline.',
  },
  actions: {
    archive: 'Archive',
    archiveLabel: 'Archive on this workstation, then remove from the server',
    archived_one: 'Message archived on this workstation and removed from the server.',
    archived_other: '{{count}} messages archived on this workstation and removed from the server.',
    partial: 'Archiving incomplete: {{failed}} message(s) stay on the server (local copy not verified or server unreachable). Try again later.',
    exportEml: 'Export (.eml)',
    exportEmlLabel: 'Save the original message as .eml',
    exportMbox: 'Export (mbox)',
    exportFolderLabel: 'Save every message of this folder to an mbox file',
    exportArchiveLabel: 'Save the local archive to an mbox file',
    saved: 'Saved: {{path}}',
    savedMbox: '{{count}} message(s) saved: {{path}}{{missing}}',
    missing: ' ({{n}} unavailable offline)',
    cancelled: 'Saving cancelled.',
    working: 'Working…',
  },
  policy: {
    open: 'Automatic archiving…',
    title: 'Automatic archiving',
    intro: 'Automatically archive processed (read) messages of the inbox and sent folder after a delay. A complete, verified copy is kept on this workstation before the server copy is deleted.',
    enabled: 'Automatically archive processed messages',
    days: 'After (days)',
    serverAction: 'On the server',
    expunge: 'Delete permanently',
    trash: 'Move to trash',
    save: 'Save',
    close: 'Close',
    saved: 'Setting saved.',
    off: 'Automatic archiving turned off.',
  },
};

const auditFr = { actions: { archive: 'Archivé sur le poste', export: 'Exporté', 'archive.policy': 'Archivage automatique réglé' } };
const auditEn = { actions: { archive: 'Archived locally', export: 'Exported', 'archive.policy': 'Automatic archiving set' } };

function register(): void {
  i18next.addResourceBundle('fr', 'translation', { archive: archiveFr, audit: auditFr }, true, false);
  i18next.addResourceBundle('en', 'translation', { archive: archiveEn, audit: auditEn }, true, false);
}

if (i18next.isInitialized) register();
else i18next.on('initialized', register);
