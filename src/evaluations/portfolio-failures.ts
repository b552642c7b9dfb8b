import { DomainError } from '../common/errors.js';
import { BeyondExactRange } from '../risk/exact-range.js';

/** A refusal the service explains (figures too large to add exactly) is said as it is; anything else only by its errorId. */
export function portfolioFailure(err: unknown): string {
  return err instanceof BeyondExactRange || (err instanceof DomainError && err.statusCode < 500)
    ? err.message
    : 'The portfolio stopped on an unexpected error, so nothing was recorded for it; the errorId names the log line with the cause';
}
