// Strings of the BAL switcher, the unified inbox and the audit trail, French first. Registered as the
// `mailboxes` and `audit` objects inside the app's `translation` resources of both languages.
import i18next from 'i18next';

export const mailboxesFr = {
  add: 'Ajouter une boîte',
  addLabel: 'Ajouter une boîte aux lettres',
  shortcut: 'Raccourci : Ctrl+{{n}}',
  unified: 'Toutes les boîtes de réception',
  unifiedHint: 'Raccourci : Ctrl+0',
  unifiedCount_one: '{{count}} non lu dans vos boîtes',
  unifiedCount_other: '{{count}} non lus dans vos boîtes',
  itemLabel: '{{label}}, boîte {{type}}, {{role}}{{unread}}',
  unreadSuffix: ', {{count}} non lus',
  refused: {
    title: 'Accès refusés',
    noRights: "Accès refusé par l'opérateur : vous n'avez pas de droit sur cette boîte",
    noRightsHelp: 'Demandez au titulaire de la boîte de vous ajouter comme délégataire chez l’opérateur, puis reconnectez-vous.',
    cgu: "Acceptez d'abord les conditions d'utilisation de l'opérateur",
    cguOpen: 'Lire et accepter les conditions (site de l’opérateur)',
    cguNoLink: "L'opérateur n'a pas indiqué l'adresse de ses conditions d'utilisation : contactez-le.",
    recheck: 'Vérifier à nouveau',
    rechecking: 'Vérification auprès de l’opérateur…',
    openFailed: "Le lien n'a pas pu être ouvert : {{message}}",
  },
  unifiedList: {
    title: 'Toutes les boîtes de réception',
    label: 'Messages des boîtes de réception de toutes vos boîtes aux lettres',
    count_one: '{{n}} message',
    count_other: '{{n}} messages',
    empty: 'Aucun message dans vos boîtes de réception.',
    noBal: 'Aucune boîte aux lettres ouverte.',
    loadMore: 'Afficher les messages plus anciens',
    rowLabel: '{{state}}{{bal}} : {{from}}, {{subject}}, {{date}}',
  },
};

export const mailboxesEn: typeof mailboxesFr = {
  add: 'Add a mailbox',
  addLabel: 'Add a mailbox',
  shortcut: 'Shortcut: Ctrl+{{n}}',
  unified: 'All inboxes',
  unifiedHint: 'Shortcut: Ctrl+0',
  unifiedCount_one: '{{count}} unread in your mailboxes',
  unifiedCount_other: '{{count}} unread in your mailboxes',
  itemLabel: '{{label}}, {{type}} mailbox, {{role}}{{unread}}',
  unreadSuffix: ', {{count}} unread',
  refused: {
    title: 'Access refused',
    noRights: 'Access refused by the operator: you have no right on this mailbox',
    noRightsHelp: 'Ask the mailbox owner to add you as a delegate at the operator, then log in again.',
    cgu: "Accept the operator's terms of use first",
    cguOpen: 'Read and accept the terms (operator website)',
    cguNoLink: 'The operator did not give the address of its terms of use: contact it.',
    recheck: 'Check again',
    rechecking: 'Checking with the operator…',
    openFailed: 'The link could not be opened: {{message}}',
  },
  unifiedList: {
    title: 'All inboxes',
    label: 'Inbox messages of all your mailboxes',
    count_one: '{{n}} message',
    count_other: '{{n}} messages',
    empty: 'No message in your inboxes.',
    noBal: 'No mailbox open.',
    loadMore: 'Show older messages',
    rowLabel: '{{state}}{{bal}}: {{from}}, {{subject}}, {{date}}',
  },
};

export const auditFr = {
  open: "Journal d'activité",
  title: "Journal d'activité (traces fonctionnelles)",
  intro: 'Qui a fait quoi, quand, dans quelle boîte, sur ce poste. Le journal ne contient ni objet ni contenu de message ; il ne peut pas être modifié.',
  filterBal: 'Boîte',
  allBals: 'Toutes',
  sessions: 'Connexions et verrouillages',
  from: 'Du',
  to: 'Au',
  refresh: 'Actualiser',
  export: 'Exporter en CSV',
  exported: 'Journal exporté ({{count}} lignes) : {{path}}',
  exportCancelled: 'Export annulé.',
  close: 'Fermer',
  empty: 'Aucune trace pour ces critères.',
  loading: 'Chargement du journal…',
  count_one: '{{count}} trace (les plus récentes en premier)',
  count_other: '{{count}} traces (les plus récentes en premier)',
  cols: { at: 'Date et heure', who: 'Personne', bal: 'Boîte', action: 'Action', target: 'Élément (Message-ID)', folder: 'Dossier', result: 'Résultat' },
  results: { ok: 'Réussi', error: 'Échec', denied: 'Refusé' },
  actions: {
    'bal.open': 'Ouverture de la boîte',
    'message.read': 'Lecture d’un message',
    'message.send': 'Envoi d’un message',
    'message.archive': 'Archivage',
    'message.move': 'Déplacement',
    'message.delete': 'Suppression',
    'audit.export': 'Export du journal',
    login: 'Connexion',
    logout: 'Déconnexion',
    lock: 'Verrouillage',
    unlock: 'Déverrouillage',
    'login-failed': 'Échec de connexion',
    'refresh-failed': 'Session expirée',
  } as Record<string, string>,
  session: 'Session',
};

export const auditEn: typeof auditFr = {
  open: 'Activity log',
  title: 'Activity log (functional traces)',
  intro: 'Who did what, when, in which mailbox, on this workstation. The log holds no subject or message content; it cannot be changed.',
  filterBal: 'Mailbox',
  allBals: 'All',
  sessions: 'Logins and locks',
  from: 'From',
  to: 'To',
  refresh: 'Refresh',
  export: 'Export as CSV',
  exported: 'Log exported ({{count}} rows): {{path}}',
  exportCancelled: 'Export cancelled.',
  close: 'Close',
  empty: 'No trace for these criteria.',
  loading: 'Loading the log…',
  count_one: '{{count}} trace (newest first)',
  count_other: '{{count}} traces (newest first)',
  cols: { at: 'Date and time', who: 'Person', bal: 'Mailbox', action: 'Action', target: 'Item (Message-ID)', folder: 'Folder', result: 'Result' },
  results: { ok: 'Done', error: 'Failed', denied: 'Refused' },
  actions: {
    'bal.open': 'Mailbox opened',
    'message.read': 'Message read',
    'message.send': 'Message sent',
    'message.archive': 'Archived',
    'message.move': 'Moved',
    'message.delete': 'Deleted',
    'audit.export': 'Log exported',
    login: 'Login',
    logout: 'Logout',
    lock: 'Lock',
    unlock: 'Unlock',
    'login-failed': 'Login failed',
    'refresh-failed': 'Session expired',
  },
  session: 'Session',
};

function register(): void {
  i18next.addResourceBundle('fr', 'translation', { mailboxes: mailboxesFr, audit: auditFr }, true, true);
  i18next.addResourceBundle('en', 'translation', { mailboxes: mailboxesEn, audit: auditEn }, true, true);
}

// Imported by the switcher: the bundles join both languages as soon as i18next is initialised.
if (i18next.isInitialized) register();
else i18next.on('initialized', register);
