// Errors the user may see: a stable code plus a message in French (and English) saying what happened
// and what to do. Anything else that escapes a handler is reported as an internal error.
import type { Language } from '../shared/types';

export interface LocalizedText {
  fr: string;
  en: string;
}

export class UserError extends Error {
  readonly code: string;
  readonly text: LocalizedText;
  constructor(code: string, text: LocalizedText, options?: { cause?: unknown }) {
    super(text.fr, options);
    this.name = 'UserError';
    this.code = code;
    this.text = text;
  }
  localized(language: Language): string {
    return this.text[language];
  }
}

export const INTERNAL_ERROR_TEXT: LocalizedText = {
  fr: "Une erreur inattendue s'est produite. Réessayez ; si elle persiste, redémarrez l'application et contactez le support.",
  en: 'An unexpected error occurred. Try again; if it persists, restart the application and contact support.',
};

export const INVALID_ARGUMENTS_TEXT: LocalizedText = {
  fr: "La demande envoyée par l'interface est invalide ; elle a été refusée. Rechargez la fenêtre.",
  en: 'The request sent by the interface was invalid and has been refused. Reload the window.',
};
