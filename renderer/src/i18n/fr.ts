// Textes de l'interface (français, langue de référence).
export const fr = {
  app: {
    name: 'Messagerie MSSanté',
    skipToContent: 'Aller au contenu',
  },
  header: {
    activeMailbox: 'Boîte active',
    noMailbox: 'Aucune boîte aux lettres',
    notLoggedIn: 'Non connecté',
    login: 'Se connecter',
    language: 'Langue',
    online: 'En ligne',
    offlineSince: 'Hors ligne depuis {{time}}',
    shortcuts: 'Raccourcis clavier',
    settings: 'Réglages',
  },
  notifications: {
    title_one: 'Nouveau message',
    title_other: '{{count}} nouveaux messages',
    body: 'Dans « {{bal}} » — ouvrez la messagerie pour le lire.',
    turnOn: 'Activer les notifications de nouveaux messages (sans l’objet ni l’expéditeur)',
    turnOff: 'Désactiver les notifications de nouveaux messages',
    blocked: 'Les notifications sont bloquées sur ce poste : autorisez-les pour « Messagerie MSSanté » dans les réglages du système ou du navigateur, puis réessayez.',
  },
  sidebar: {
    title: 'Boîtes aux lettres',
    empty: {
      title: 'Aucune boîte aux lettres',
      body: "Ajoutez l'adresse de votre BAL MSSanté : l'application trouvera seule les réglages de votre opérateur.",
      action: 'Ajouter une boîte aux lettres',
    },
    folders: 'Dossiers',
    unifiedInbox: 'Toutes les boîtes de réception',
    unread_one: '{{count}} non lu',
    unread_other: '{{count}} non lus',
  },
  balType: { PER: 'Personnelle', ORG: 'Organisationnelle', APP: 'Applicative', CAB: 'Cabinet' },
  role: { titulaire: 'Titulaire', cotitulaire: 'Cotitulaire', 'délégataire': 'Délégataire' },
  list: {
    title: 'Messages',
    searchPlaceholder: 'Rechercher (objet, correspondant, contenu)',
    searchLabel: 'Rechercher dans les messages',
    empty: {
      title: 'Aucun message à afficher',
      body: 'Choisissez une boîte aux lettres et un dossier pour voir ses messages.',
    },
  },
  reader: {
    title: 'Lecture',
    empty: {
      title: 'Aucun message sélectionné',
      body: 'Sélectionnez un message dans la liste pour le lire ici.',
    },
  },
  shortcuts: {
    title: 'Raccourcis clavier',
    close: 'Fermer',
    nextPane: 'Passer au volet suivant',
    prevPane: 'Revenir au volet précédent',
    search: 'Rechercher',
    switchBal: 'Changer de boîte aux lettres (1 à 9)',
    unified: 'Toutes les boîtes de réception',
    nextPrev: 'Message suivant / précédent',
    thread: 'Déplier / replier une conversation (vue Conversations)',
    open: 'Ouvrir le message',
    toggleRead: 'Marquer lu / non lu',
    toggleFlag: 'Suivre / ne plus suivre',
    delete: 'Supprimer',
    compose: 'Nouveau message',
    reply: 'Répondre / répondre à tous',
    forward: 'Transférer / transférer en pièce jointe',
    send: 'Envoyer (dans la fenêtre de rédaction)',
    saveDraft: 'Enregistrer le brouillon',
    help: 'Afficher cette aide',
  },
  cache: {
    choose: 'Conserver la clé du cache dans un fichier…',
    confirm: "La clé sera stockée dans un fichier à côté du cache : quiconque copie le dossier du profil pourra lire les messages en cache. Continuer ?",
    accept: 'Oui, je comprends le risque',
    cancel: 'Annuler',
  },
  errors: {
    bridgeUnavailable: "Le service local de l'application ne répond pas. Redémarrez l'application.",
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof fr>;
