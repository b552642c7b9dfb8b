import { groupKeyOf } from '../breaches/breach-lifecycle.js';
import type { RecordOutcome } from '../breaches/breach-recorder.js';
import { problemChart, problemChartTitle, type ProjectedProblem } from '../charts/scenario-chart.js';
import { TimeSlicer } from '../common/time-slice.js';
import type { ExposureView } from '../projection/projection.dto.js';
import type { DigestChart, DigestRun } from './digest.js';
import { peakKey, type Peak } from './digest-lines.js';

/** What a run hands over to its digests, in its transaction. */
export interface RunOutcome {
  runId: number;
  now: string;
  recorded: RecordOutcome;
  /** portfolio id -> code */
  codes: Map<number, string>;
  /** The checks the run found not OK, and its inputs: what the entries' charts show. */
  results: Array<{ portfolio: string; scenario: string | null; limitId: number; scopeKey: string; result: ExposureView }>;
  /** The portfolios the run evaluated, the as-of date of the holdings it read of each, and the base currency of its figures. */
  inputs: { portfolios: Array<{ portfolio: string; asOfDate?: string; currency?: string }> };
}

/**
 * What the digests of a run show of it: its id and time, the as-of date of each portfolio's
 * holdings, the peak month of each projection, and the charts of the problems it found not OK, each
 * drawn once for all the recipients it goes to and only when a digest lists it, with pauses: a chart
 * takes a millisecond, a digest lists up to 100. No chart for a problem the run did not project (a
 * reminder from a portfolio it did not evaluate, a resolution).
 */
export class RunFigures {
  private readonly problems = new Map<string, ProjectedProblem>();
  private readonly drawn = new Map<string, DigestChart>();
  private readonly peaks = new Map<string, Peak>();
  private readonly asOf: Map<string, string>;
  private readonly slicer = new TimeSlicer();

  constructor(private readonly run: RunOutcome) {
    const ids = new Map([...run.codes].map(([id, code]) => [code, id]));
    this.asOf = new Map(run.inputs.portfolios.map((p) => [p.portfolio, p.asOfDate!]));
    const currencies = new Map(run.inputs.portfolios.map((p) => [p.portfolio, p.currency!]));
    for (const { portfolio, scenario, limitId, scopeKey, result } of run.results) {
      const key = groupKeyOf({ portfolioId: ids.get(portfolio)!, limitId, scopeKey });
      const problem = this.problems.get(key) ?? {
        scope: result.scope,
        limitName: result.limitName,
        currency: currencies.get(portfolio)!,
        asOfDate: this.asOf.get(portfolio)!,
        projections: [],
      };
      problem.projections.push({ ...result, scenario });
      this.problems.set(key, problem);
      // The first month of highest utilization: the one a warning's figures are of (conditionsOf).
      const peak = result.months.reduce<Peak | null>((best, m) => (!best || m.utilizationPct > best.utilizationPct ? m : best), null);
      if (peak) this.peaks.set(peakKey(key, scenario), { date: peak.date, utilizationPct: peak.utilizationPct });
    }
  }

  async of(groupKeys: string[]): Promise<DigestRun> {
    for (const key of groupKeys) {
      const problem = this.problems.get(key);
      if (!problem || this.drawn.has(key)) continue;
      this.drawn.set(key, { title: problemChartTitle(problem), svg: problemChart(problem) });
      await this.slicer.pause();
    }
    return { runId: this.run.runId, at: this.run.now, asOf: this.asOf, peaks: this.peaks, charts: this.drawn };
  }
}
