import Fuse from 'fuse.js';
import { normalizeIssuerName } from './issuer-name.js';

export interface IssuerSuggestion {
  issuerId: number;
  name: string;
}

const MAX_SUGGESTIONS = 3;
/** Fuse's score: 0 is the same name, 1 anything; "Orcle" against "Oracle Corp" scores 0.2 (one error in five letters), against "<img src=x onerror=alert(1)>" 0.4. */
const MAX_SCORE = 0.25;

/**
 * The known issuers whose names are nearest to a name that matched none: "Orcle" suggests Oracle
 * Corp. Compared as normalised names, so that "Corporation" against "Corp" costs nothing.
 */
export function nearestIssuers(issuers: Iterable<{ id: number; name: string; normalizedName: string }>, name: string): IssuerSuggestion[] {
  const fuse = new Fuse([...issuers], { keys: ['normalizedName'], ignoreLocation: true, threshold: MAX_SCORE });
  return fuse.search(normalizeIssuerName(name), { limit: MAX_SUGGESTIONS }).map(({ item }) => ({ issuerId: item.id, name: item.name }));
}
