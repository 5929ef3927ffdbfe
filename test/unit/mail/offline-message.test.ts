// The offline banner's explanation: the operator's connection cap ([LIMIT] at login) is told in French with
// the cap, that sync resumes by itself and what to do; other reasons keep the plain offline line.
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { offlineMessage } from '../../../renderer/src/features/list/offline-message';
import { mailEn, mailFr } from '../../../renderer/src/features/mail/i18n';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ resources: { fr: { translation: { mail: mailFr } }, en: { translation: { mail: mailEn } } }, lng: 'fr', interpolation: { escapeValue: false } });
});
const text = (s: Parameters<typeof offlineMessage>[0], lng = 'fr') => {
  const m = offlineMessage(s);
  return i18n.t(m.key, { ...m.params, time: '14:32', lng });
};

describe('offline banner message', () => {
  it('connection cap reached: the cap, automatic resumption and what to do, in French', () => {
    const t = text({ online: false, since: 0, reason: 'SERVER_LIMIT', connectionCap: 10 });
    expect(t).toContain('limite le nombre de connexions simultanées (10 par personne)');
    expect(t).toContain('d’autres postes ou applications utilisent déjà les vôtres');
    expect(t).toContain('reprendra automatiquement');
    expect(t).toContain('fermez la messagerie sur les postes que vous n’utilisez pas');
    expect(t).toContain('depuis 14:32');
    expect(text({ online: false, since: 0, reason: 'SERVER_LIMIT' })).not.toMatch(/\{\{|par personne/);
    expect(text({ online: false, since: 0, reason: 'SERVER_LIMIT', connectionCap: 10 }, 'en')).toContain('(10 per person)');
  });
  it('any other reason: plain offline line', () => {
    expect(text({ online: false, since: 0, reason: 'ECONNREFUSED' })).toBe('Hors ligne depuis 14:32 — les messages en cache restent consultables');
    expect(text({ online: false, since: 0 })).toBe('Hors ligne depuis 14:32 — les messages en cache restent consultables');
  });
});
