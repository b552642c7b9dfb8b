import { canSee, seesAllPortfolios } from '../auth/portfolio-access.js';
import type { Actor } from '../auth/roles.js';
import { NotFound } from '../common/errors.js';
import type { EvaluationRunEntity } from './evaluation-run.entity.js';
import type { RunInputs } from './evaluation.dto.js';

/**
 * What a user limited to some portfolios sees of the runs: those that evaluated one of its
 * portfolios (and those that recorded none: running, failed, or with no holdings anywhere), with
 * the inputs and results of its portfolios only, and no counts of a run that also evaluated others.
 */

/** The codes of the portfolios a run evaluated, as it recorded them. */
function portfoliosOf(run: EvaluationRunEntity): string[] {
  return (run.inputs as RunInputs | null)?.portfolios.map((p) => p.portfolio) ?? [];
}

/** 404 for a run that evaluated portfolios, none of which the actor may see. */
export function requireRunVisible(actor: Actor, run: EvaluationRunEntity): void {
  const codes = portfoliosOf(run);
  if (codes.length && !codes.some((code) => canSee(actor, code))) throw new NotFound(`Evaluation ${run.id}`);
}

/** The run with only the actor's portfolios in its inputs, and its counts only if it evaluated no other. */
export function runAsSeenBy(actor: Actor, run: EvaluationRunEntity): EvaluationRunEntity {
  const inputs = run.inputs as RunInputs | null;
  if (seesAllPortfolios(actor) || !inputs) return run;
  const portfolios = inputs.portfolios.filter((p) => canSee(actor, p.portfolio));
  return {
    ...run,
    inputs: { ...inputs, portfolios },
    counts: portfolios.length === inputs.portfolios.length ? run.counts : null,
  };
}
