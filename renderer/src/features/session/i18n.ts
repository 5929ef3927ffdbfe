// Textes du menu de session : verrouiller, se déconnecter, verrouillage automatique.
import i18next from 'i18next';

export const sessionFr = {
  menu: 'Session de {{name}}',
  lock: 'Verrouiller',
  logout: 'Se déconnecter',
  autoLock: 'Verrouillage automatique…',
  autoLockTitle: 'Verrouillage automatique',
  autoLockIntro: 'Sans action au clavier ni à la souris pendant ce délai, la session se verrouille : le contenu est masqué et votre identité est redemandée. Deux heures au plus (exigence Ségur SC.SSI/IE.58).',
  autoLockLabel: 'Verrouiller après',
  minutes_one: '{{count}} minute',
  minutes_other: '{{count}} minutes',
  hours_one: '{{count}} heure',
  hours_other: '{{count}} heures',
  save: 'Enregistrer',
  cancel: 'Annuler',
  saved: 'La session se verrouillera après {{delay}} sans activité.',
  loggedOut: 'Vous êtes déconnecté : le jeton de connexion de ce poste est effacé.',
  offlineCode: {
    menu: 'Code hors ligne…',
    title: 'Code de déverrouillage hors ligne',
    intro: 'Sans réseau, ce code ouvre le cache de ce poste (les messages déjà reçus de vos boîtes), à la place de Pro Santé Connect. Il reste sur ce poste, dans le trousseau du système ; il n’envoie rien et ne remplace pas votre e-CPS. Choisissez un code que vos collègues ne connaissent pas : dix codes faux l’effacent.',
    isSet: 'Un code est défini sur ce poste depuis le {{date}}.',
    notSet: 'Aucun code hors ligne n’est défini pour vous sur ce poste.',
    unavailable: 'Le cache ou le trousseau est indisponible : le code ne peut pas être défini maintenant.',
    code_one: 'Nouveau code (au moins {{count}} caractère)',
    code_other: 'Nouveau code (au moins {{count}} caractères)',
    again: 'Saisissez-le de nouveau',
    tooShort_one: 'Le code compte au moins {{count}} caractère.',
    tooShort_other: 'Le code compte au moins {{count}} caractères.',
    mismatch: 'Les deux saisies ne sont pas identiques.',
    saved: 'Code hors ligne enregistré : il ouvrira le cache de ce poste sans réseau.',
    removed: 'Code hors ligne effacé de ce poste.',
    set: 'Définir le code',
    change: 'Changer le code',
    remove: 'Effacer le code',
  },
  close: 'Fermer',
};

export const sessionEn: typeof sessionFr = {
  menu: 'Session of {{name}}',
  lock: 'Lock',
  logout: 'Sign out',
  autoLock: 'Automatic lock…',
  autoLockTitle: 'Automatic lock',
  autoLockIntro: 'With no keyboard or mouse action for this long, the session locks: content is hidden and your identity is asked again. Two hours at most (Ségur requirement SC.SSI/IE.58).',
  autoLockLabel: 'Lock after',
  minutes_one: '{{count}} minute',
  minutes_other: '{{count}} minutes',
  hours_one: '{{count}} hour',
  hours_other: '{{count}} hours',
  save: 'Save',
  cancel: 'Cancel',
  saved: 'The session will lock after {{delay}} without activity.',
  loggedOut: 'You are signed out: this workstation’s login token is erased.',
  offlineCode: {
    menu: 'Offline code…',
    title: 'Offline unlock code',
    intro: 'Without network, this code opens this workstation’s cache (the messages of your mailboxes already received) instead of Pro Santé Connect. It stays on this workstation, in the system keychain; it sends nothing and does not replace your e-CPS. Choose a code your colleagues do not know: ten wrong codes erase it.',
    isSet: 'A code is set on this workstation since {{date}}.',
    notSet: 'No offline code is set for you on this workstation.',
    unavailable: 'The cache or the keychain is unavailable: the code cannot be set now.',
    code_one: 'New code (at least {{count}} character)',
    code_other: 'New code (at least {{count}} characters)',
    again: 'Type it again',
    tooShort_one: 'The code has at least {{count}} character.',
    tooShort_other: 'The code has at least {{count}} characters.',
    mismatch: 'The two entries differ.',
    saved: 'Offline code saved: it will open this workstation’s cache without network.',
    removed: 'Offline code erased from this workstation.',
    set: 'Set the code',
    change: 'Change the code',
    remove: 'Erase the code',
  },
  close: 'Close',
};

function register(): void {
  i18next.addResourceBundle('fr', 'translation', { session: sessionFr }, true, true);
  i18next.addResourceBundle('en', 'translation', { session: sessionEn }, true, true);
}
if (i18next.isInitialized) register();
else i18next.on('initialized', register);
