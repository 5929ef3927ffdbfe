// Entrée / Tab in the recipient field: a suggestion is taken only when it matches what is typed now.
import { describe, expect, it } from 'vitest';
import { suggestionToTake } from '../../../renderer/src/features/compose/suggestion-choice';

const marie = { address: 'marie.dupont@test.mssante.fr' };
const famille = { address: 'dupont.famille@orange.fr' };

describe('suggestionToTake', () => {
  it('takes the highlighted suggestion of the query typed now', () => {
    expect(suggestionToTake({ typed: 'dup', resultsFor: 'dup', results: [marie], active: 0, chosen: false })).toBe(marie);
    expect(suggestionToTake({ typed: ' dup ', resultsFor: 'dup', results: [marie, famille], active: 1, chosen: false })).toBe(famille);
  });

  it('never takes a suggestion of an older query: the typed text wins', () => {
    expect(suggestionToTake({ typed: 'dupont.famille@orange.fr', resultsFor: 'dup', results: [marie], active: 0, chosen: false })).toBeNull();
    expect(suggestionToTake({ typed: 'dupo', resultsFor: 'dup', results: [marie], active: 0, chosen: false })).toBeNull();
  });

  it('a complete address typed takes only that very address', () => {
    expect(suggestionToTake({ typed: 'dupont.famille@orange.fr', resultsFor: 'dupont.famille@orange.fr', results: [marie], active: 0, chosen: false })).toBeNull();
    expect(suggestionToTake({ typed: 'Dupont.Famille@orange.fr', resultsFor: 'Dupont.Famille@orange.fr', results: [famille], active: 0, chosen: false })).toBe(famille);
  });

  it('a suggestion chosen with the arrows is taken even if the list is older', () => {
    expect(suggestionToTake({ typed: 'dupont.famille@orange.fr', resultsFor: 'dup', results: [marie], active: 0, chosen: true })).toBe(marie);
  });

  it('nothing to take without results', () => {
    expect(suggestionToTake({ typed: 'dup', resultsFor: 'dup', results: [], active: 0, chosen: false })).toBeNull();
    expect(suggestionToTake({ typed: 'dup', resultsFor: 'dup', results: [marie], active: 3, chosen: true })).toBeNull();
  });
});
