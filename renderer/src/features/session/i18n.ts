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
};

function register(): void {
  i18next.addResourceBundle('fr', 'translation', { session: sessionFr }, true, true);
  i18next.addResourceBundle('en', 'translation', { session: sessionEn }, true, true);
}
if (i18next.isInitialized) register();
else i18next.on('initialized', register);
