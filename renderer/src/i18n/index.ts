// French first, English second. The language comes from the user's settings in main.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { mss } from '../bridge';
import { en } from './en';
import { fr } from './fr';
import '../features/mail/i18n';
import '../features/compose/i18n';
import { setupEn, setupFr } from '../features/setup/i18n';
import { loginEn, loginFr } from '../features/login/i18n';

export async function initI18n(): Promise<void> {
  let language: 'fr' | 'en' = 'fr';
  try {
    language = (await mss.invoke('settings.get')).language;
  } catch {
    // The bridge may not be reachable yet; the shell shows the error itself.
  }
  await i18next.use(initReactI18next).init({
    resources: {
      fr: { translation: { ...fr, setup: setupFr, login: loginFr } },
      en: { translation: { ...en, setup: setupEn, login: loginEn } },
    },
    lng: language,
    fallbackLng: 'fr',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = language;
  i18next.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
  });
}

export { i18next };
