// Which directory suggestion Entrée / Tab may take (pure: unit tested). A suggestion belongs to the query it
// was searched for; typing goes on while the search runs, so a list on screen can be older than the text.
// Taking its highlighted entry then would swap what the person typed for someone else's address.
import { parseRecipient } from '../../../../shared/addresses';

export interface SuggestionState<T extends { address: string }> {
  /** What the field holds now. */
  typed: string;
  /** The (trimmed) text the results were searched for. */
  resultsFor: string;
  results: T[];
  active: number;
  /** The person moved the highlight with ↑ ↓ since she last typed: she chose what she sees. */
  chosen: boolean;
}

/** The suggestion to take, or null: then the typed text becomes the recipient. */
export function suggestionToTake<T extends { address: string }>(s: SuggestionState<T>): T | null {
  const hit = s.results[s.active];
  if (!hit) return null;
  if (s.chosen) return hit;
  const now = s.typed.trim();
  // Results of an older query: they match what was typed then, not now.
  if (s.resultsFor !== now) return null;
  // A complete address typed: only that very address, never a look-alike from the directory.
  const typed = parseRecipient(now);
  if (typed?.valid && typed.key !== hit.address.toLowerCase()) return null;
  return hit;
}
