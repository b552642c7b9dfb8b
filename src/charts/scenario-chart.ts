import { exposureChart } from '../shared/exposure-chart.js';
import { nameText } from '../shared/names.js';

/** One scenario's projection of a limit check, in the portfolio's base currency: what a run's result holds. */
export interface ScenarioProjection {
  scenario: string | null;
  exposure: number;
  limit: number;
  projectedBreachDate: string | null;
  months: Array<{ date: string; exposure: number; limit: number }>;
}

/** One problem (portfolio, limit, scope) as a run projected it: one projection per scenario. */
export interface ProjectedProblem {
  scope: string;
  limitName: string;
  /** The portfolio's base currency, which the amounts are in */
  currency: string;
  asOfDate: string;
  projections: ScenarioProjection[];
}

/**
 * The chart of a problem, as the report and the emails draw it: one exposure line per scenario,
 * the limit of the first one (the scenarios share it unless one grows the assets), and the
 * earliest projected breach, naming the scenarios that breach then; the as-of date when it is over
 * the limit today already.
 */
export function problemChart(problem: ProjectedProblem): string {
  const { asOfDate, projections, limitName } = problem;
  const [first] = projections;
  const earliest = projections
    .map((p) => p.projectedBreachDate)
    .filter((d): d is string => d !== null)
    .sort()[0];
  const breaching = projections.filter((p) => p.projectedBreachDate === earliest).map(scenarioName);
  return exposureChart({
    title: problemChartTitle(problem),
    currency: problem.currency,
    asOfDate,
    today: { exposure: first.exposure, limit: first.limit },
    limit: first.months.map(({ date, limit }) => ({ date, limit })),
    series: projections.map((p) => ({ label: scenarioName(p), points: p.months.map(({ date, exposure }) => ({ date, exposure })) })),
    breach:
      first.exposure > first.limit
        ? { date: asOfDate, label: `Over the limit today (${asOfDate})` }
        : earliest
          ? { date: earliest, label: `Projected breach ${earliest} (${breaching.join(', ')})` }
          : null,
    limitLabel: `Limit: ${nameText(limitName)}`,
  });
}

/** The chart's name: its accessible name in the SVG, the alt text of its PNG in an email; it names the currency, as the axis does. */
export function problemChartTitle({ scope, limitName, currency }: Pick<ProjectedProblem, 'scope' | 'limitName' | 'currency'>): string {
  return `${nameText(scope)}: exposure against the "${nameText(limitName)}" limit, in ${currency}`;
}

function scenarioName(p: ScenarioProjection): string {
  return p.scenario ?? 'projection';
}
