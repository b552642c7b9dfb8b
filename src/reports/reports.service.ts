import { Readable } from 'node:stream';
import { Injectable, StreamableFile } from '@nestjs/common';
import { groupKeyOf } from '../breaches/breach-lifecycle.js';
import { BreachReader } from '../breaches/breach-reader.js';
import type { Actor } from '../auth/roles.js';
import { Clock } from '../common/clock.js';
import { TimeSlicer } from '../common/time-slice.js';
import { EvaluationsService } from '../evaluations/evaluations.service.js';
import { runCurrencies, toRunView, type PortfolioRunInput, type RunInputs, type RunResultView } from '../evaluations/evaluation.dto.js';
import type { EvaluationRunEntity } from '../evaluations/evaluation-run.entity.js';
import { runAsSeenBy } from '../evaluations/run-access.js';
import { SnapshotsService } from '../holdings/snapshots.service.js';
import { LimitsService } from '../limits/limits.service.js';
import { PortfoliosService } from '../portfolios/portfolios.service.js';
import type { ReportFormat } from './report.dto.js';
import { byProblem } from './report-breaches.js';
import { csvHeader, csvLine, jsonItem, type BreachNow, type ReportHead, type ReportItem, type ReportPortfolio } from './report.js';
import { reportHtml } from './report-html.js';

/** Results read, and their breaches looked up, this many at a time. */
const ITEMS_PER_PAGE = 500;

/**
 * A past run, shown as it was recorded: the report reads the run's stored inputs and results, and
 * the breaches of its problems as they are now. JSON and CSV are streamed a page at a time, so that
 * a run of thousands of results neither holds the event loop nor the whole document in memory.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly evaluations: EvaluationsService,
    private readonly breaches: BreachReader,
    private readonly clock: Clock,
    private readonly portfolios: PortfoliosService,
    private readonly limits: LimitsService,
    private readonly snapshots: SnapshotsService,
  ) {}

  /** For a user limited to some portfolios, of those only (a run of none of them: 404). */
  async render(actor: Actor, id: number, format: ReportFormat): Promise<StreamableFile> {
    const head = await this.headOf(runAsSeenBy(actor, await this.evaluations.runOf(actor, id)));
    const items = this.items(actor, head);
    if (format === 'csv') {
      return new StreamableFile(Readable.from(csvChunks(items)), {
        type: 'text/csv; charset=utf-8',
        disposition: `attachment; filename="breach-report-${id}.csv"`,
      });
    }
    if (format === 'html')
      return new StreamableFile(Readable.from(paced(reportHtml({ ...head, items: await collect(items) }))), {
        type: 'text/html; charset=utf-8',
      });
    return new StreamableFile(Readable.from(jsonChunks(head, items)), { type: 'application/json; charset=utf-8' });
  }

  private async headOf(run: EvaluationRunEntity): Promise<ReportHead> {
    const { counts: _counts, ...view } = toRunView(run);
    const inputs = run.inputs as RunInputs | null;
    return {
      run: view,
      portfolios: await this.portfoliosOf(inputs?.portfolios ?? []),
      scenarios: inputs?.scenarios.map((s) => s.name) ?? [],
      horizonMonths: inputs?.horizonMonths ?? null,
      limits: await this.limits.labels(),
      readAt: this.clock.nowIso(),
    };
  }

  /**
   * As the run recorded them. A run made before runs recorded the name and the as-of date: the
   * portfolio's name and the as-of date of the snapshot it read (snapshots never change).
   */
  private async portfoliosOf(recorded: PortfolioRunInput[]): Promise<ReportPortfolio[]> {
    const older = recorded.filter((p) => !p.name || !p.asOfDate);
    const snapshots = await this.snapshots.byIds(older.map((p) => p.snapshotId));
    const portfolios = older.length ? await this.portfolios.all(older.map((p) => p.portfolio)) : [];
    const currencyOf = runCurrencies(recorded);
    return recorded.map((p) => ({
      code: p.portfolio,
      name: p.name ?? portfolios.find((o) => o.code === p.portfolio)?.name ?? p.portfolio,
      currency: currencyOf(p.portfolio),
      snapshotId: p.snapshotId,
      asOfDate: p.asOfDate ?? snapshots.find((s) => s.id === p.snapshotId)!.asOfDate,
      concentration: p.concentration ?? null,
    }));
  }

  private async *items(actor: Actor, head: ReportHead): AsyncGenerator<ReportItem> {
    const ids = new Map([...(await this.portfolios.codes())].map(([id, code]) => [code, id]));
    const asOf = new Map(head.portfolios.map((p) => [p.code, p.asOfDate]));
    const slicer = new TimeSlicer();
    for await (const page of pagesOf(this.evaluations.resultsOf(actor, head.run.id), ITEMS_PER_PAGE)) {
      const keyed = page.map((r) => {
        const result = r as RunResultView;
        return {
          result,
          groupKey: groupKeyOf({ portfolioId: ids.get(result.portfolio)!, limitId: result.limitId, scopeKey: result.scopeKey }),
        };
      });
      const open = byProblem(await this.breaches.leftOpenBy(head.run.id, [...new Set(keyed.map((k) => k.groupKey))]));
      for (const { result, groupKey } of keyed) {
        yield { ...result, groupKey, asOfDate: asOf.get(result.portfolio)!, breaches: breachesOf(result, open.get(groupKey) ?? []) };
        await slicer.pause();
      }
    }
  }
}

/** A check's own breaches among its problem's: today's when today is not OK, its scenario's when its projection is not. */
function breachesOf(result: RunResultView, problem: BreachNow[]): BreachNow[] {
  return problem.filter((b) =>
    b.kind === 'CURRENT' ? result.status !== 'OK' : b.scenario === result.scenario && result.projectedStatus !== 'OK',
  );
}

async function* pagesOf<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let page: T[] = [];
  for await (const item of items) {
    page.push(item);
    if (page.length === size) {
      yield page;
      page = [];
    }
  }
  if (page.length) yield page;
}

async function* csvChunks(items: AsyncIterable<ReportItem>): AsyncGenerator<string> {
  yield csvHeader();
  for await (const item of items) yield csvLine(item);
}

async function* jsonChunks(head: ReportHead, items: AsyncIterable<ReportItem>): AsyncGenerator<string> {
  yield `{"run":${JSON.stringify(head.run)},"portfolios":${JSON.stringify(head.portfolios)},"items":[`;
  let first = true;
  for await (const item of items) {
    yield `${first ? '' : ','}${JSON.stringify(jsonItem(item))}`;
    first = false;
  }
  yield ']}';
}

/** Gives the event loop a turn between parts that took a slice's worth of time. */
async function* paced(parts: Iterable<string>): AsyncGenerator<string> {
  const slicer = new TimeSlicer();
  for (const part of parts) {
    yield part;
    await slicer.pause();
  }
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
