import { Injectable, Logger } from '@nestjs/common';
import { BreachRecorder } from '../breaches/breach-recorder.js';
import type { Condition } from '../breaches/breach-lifecycle.js';
import { requireVisible } from '../auth/portfolio-access.js';
import { SYSTEM_ACTOR, type Actor } from '../auth/roles.js';
import { Clock } from '../common/clock.js';
import { logWithErrorId } from '../common/error-ids.js';
import { Conflict, NotFound } from '../common/errors.js';
import { withLogContext } from '../common/log-context.js';
import { PageQuery, toPage } from '../common/pagination.js';
import { TimeSlicer } from '../common/time-slice.js';
import { AppLock, Database } from '../database/database.js';
import { PortfoliosService } from '../portfolios/portfolios.service.js';
import { ScenariosService } from '../issuance/scenarios.service.js';
import type { PortfolioEntity } from '../portfolios/portfolio.entity.js';
import { toExposureView } from '../projection/projection.dto.js';
import { DEFAULT_HORIZON, ProjectionService, type PortfolioInput } from '../projection/projection.service.js';
import type { LimitCheck, Scenario } from '../risk/model.js';
import { inCheckOrder, projectEach } from '../risk/projection.js';
import { concentrationOf } from './concentration.js';
import { conditionsOf } from './conditions.js';
import type { PortfolioFailure } from '../alerts/failure-alert.js';
import { DigestService } from '../alerts/digest.service.js';
import type { RunOutcome } from '../alerts/run-outcome.js';
import type { EvaluationResultEntity, EvaluationRunEntity } from './evaluation-run.entity.js';
import { runCurrencies, toRunView, type PortfolioRunInput, type RunEvaluationDto, type RunInputs } from './evaluation.dto.js';
import { runAsSeenBy } from './run-access.js';
import { isDatabaseUnavailable } from '../database/database-faults.js';
import { LeaseLost, RunLedger, type RunClaim } from './run-ledger.js';
import { portfolioFailure } from './portfolio-failures.js';
import { cover, coverExempt, emptyCoverage, mergeCoverage } from './run-coverage.js';
import { RunsRepository } from './runs.repository.js';

const RESULTS_PER_READ = 500;

interface RunRequest extends RunClaim {
  portfolios?: string[];
  scenarios?: string[];
  horizonMonths?: number;
}

/** What a run will evaluate, checked before the run is recorded: an unknown name is a 404, not a failed run. */
interface RunPlan {
  horizonMonths: number;
  scenarios: Scenario[];
  portfolios: PortfolioEntity[];
}

/** Every portfolio with holdings failed: the run fails, and the admins are told why each did. */
class NothingEvaluated extends Error {
  constructor(readonly failures: PortfolioFailure[]) {
    super(`No portfolio could be evaluated (${failures.map((f) => f.portfolio).join(', ')})`);
  }
}

/** A run: every portfolio under every scenario, its breaches reconciled and its digests queued, in one transaction. */
@Injectable()
export class EvaluationsService {
  private readonly logger = new Logger(EvaluationsService.name);

  constructor(
    private readonly db: Database,
    private readonly projection: ProjectionService,
    private readonly scenarios: ScenariosService,
    private readonly breaches: BreachRecorder,
    private readonly digests: DigestService,
    private readonly ledger: RunLedger,
    private readonly runs: RunsRepository,
    private readonly clock: Clock,
    private readonly portfolios: PortfoliosService,
  ) {}

  /** By default every portfolio the actor may see; naming one it may not is a 404, as for a portfolio that does not exist. */
  runNow(actor: Actor, dto: RunEvaluationDto) {
    for (const code of dto.portfolios ?? []) requireVisible(actor, code, `Portfolio ${code}`);
    return this.run({ trigger: 'MANUAL', scheduledFor: null, ...dto, portfolios: dto.portfolios ?? actor.portfolios ?? undefined });
  }

  /** Only the replica whose insert of (tick, attempt) wins runs it: the unique ledger key. */
  runTick(tick: Date, trigger: 'SCHEDULED' | 'CATCH_UP' = 'SCHEDULED', attempt = 1) {
    return this.run({ trigger, scheduledFor: tick.toISOString(), attempt });
  }

  async list(actor: Actor, page: PageQuery) {
    return toPage(await this.ledger.page(actor, page), (run) => toRunView(runAsSeenBy(actor, run)));
  }

  /** A run with its inputs and a page of its results (a run over thousands of families has thousands). */
  async get(actor: Actor, id: number, page: PageQuery = new PageQuery()) {
    const run = runAsSeenBy(actor, await this.runOf(actor, id));
    const results = await this.runs.resultsPage(id, actor.portfolios, page);
    const currencyOf = runCurrencies((run.inputs as RunInputs | null)?.portfolios);
    return { ...toRunView(run), inputs: run.inputs, results: toPage(results, (r) => toResultView(r, currencyOf)) };
  }

  /** A run and all its results (of the actor's portfolios), read a page at a time: what its report shows. */
  async *resultsOf(actor: Actor, id: number): AsyncGenerator<ReturnType<typeof toResultView>> {
    const currencyOf = runCurrencies(((await this.runOf(actor, id)).inputs as RunInputs | null)?.portfolios);
    for (let offset = 0; ; offset += RESULTS_PER_READ) {
      const rows = await this.runs.someResults(id, actor.portfolios, RESULTS_PER_READ, offset);
      yield* rows.map((r) => toResultView(r, currencyOf));
      if (rows.length < RESULTS_PER_READ) return;
    }
  }

  runOf(actor: Actor, id: number): Promise<EvaluationRunEntity> {
    return this.ledger.find(actor, id);
  }

  private async run(request: RunRequest) {
    const plan = await this.plan(request);
    const run = await this.ledger.claim(request);
    if (!run) return null;
    await withLogContext({ runId: run.id }, () => this.execute(run, plan));
    return this.get(SYSTEM_ACTOR, run.id);
  }

  private async plan(request: RunRequest): Promise<RunPlan> {
    return {
      horizonMonths: request.horizonMonths ?? DEFAULT_HORIZON,
      scenarios: await this.scenarios.byNames(request.scenarios),
      portfolios: await this.portfoliosOf(request.portfolios),
    };
  }

  private async execute(run: EvaluationRunEntity, plan: RunPlan): Promise<void> {
    const started = performance.now();
    try {
      const counts = await this.ledger.holding(run.id, () => this.evaluate(run, plan));
      this.logger.log(
        `Run ${run.id} (${run.trigger}) succeeded in ${Math.round(performance.now() - started)} ms: ${JSON.stringify(counts)}`,
      );
    } catch (err) {
      const errorId = err instanceof NothingEvaluated ? err.failures[0].errorId : logWithErrorId(this.logger, `Run ${run.id} failed`, err);
      if (!(err instanceof LeaseLost))
        await this.db.transaction(async (tx) => {
          if (err instanceof NothingEvaluated) await this.digests.enqueueFailures(tx, run.id, err.failures);
          await this.ledger.finish(tx, run.id, { status: 'FAILED', error: runFailure(err), errorId });
        });
    }
  }

  private async evaluate(run: EvaluationRunEntity, { horizonMonths, scenarios, portfolios }: RunPlan) {
    const slicer = new TimeSlicer();
    const conditions: Condition[] = [];
    const results: RunOutcome['results'] = [];
    const inputs: PortfolioRunInput[] = [];
    const evaluated: number[] = [];
    const failures: PortfolioFailure[] = [];
    const coverage = emptyCoverage();
    for (const portfolio of portfolios) {
      // A portfolio that cannot be evaluated fails alone: nothing of it is recorded, the others go on.
      const outcome = await this.evaluatePortfolio(portfolio, horizonMonths, scenarios, slicer).catch((err) => {
        if (err instanceof LeaseLost || isDatabaseUnavailable(err)) throw err;
        const errorId = logWithErrorId(this.logger, `Run ${run.id}: portfolio ${portfolio.code} could not be evaluated`, err);
        failures.push({ portfolio: portfolio.code, message: portfolioFailure(err), errorId });
        return null;
      });
      if (!outcome) continue;
      evaluated.push(portfolio.id);
      inputs.push(outcome.input);
      conditions.push(...outcome.conditions);
      results.push(...outcome.results);
      mergeCoverage(coverage, outcome.coverage);
    }
    if (failures.length && !evaluated.length) throw new NothingEvaluated(failures);
    return this.db.transaction(async (tx) => {
      await this.db.lockWithin(tx, AppLock.Breaches);
      const now = this.clock.nowIso();
      const recorded = await this.breaches.record(
        tx,
        run.id,
        now,
        { portfolioIds: evaluated, scenarios: scenarios.map((s) => s.name) },
        conditions,
        coverage,
      );
      const runInputs: RunInputs = { horizonMonths, scenarios, portfolios: inputs };
      const codes = await this.portfolios.codes(tx);
      const digests = await this.digests.enqueue(tx, { runId: run.id, now, recorded, codes, results, inputs: runInputs });
      const emails = digests + (await this.digests.enqueueFailures(tx, run.id, failures));
      await this.runs.insertResults(tx, run.id, results, slicer);
      const counts = {
        portfolios: evaluated.length,
        conditions: conditions.length,
        breaches: conditions.filter((c) => c.severity === 'BREACH').length,
        warnings: conditions.filter((c) => c.severity === 'WARNING').length,
        ...recorded.counts,
        emails,
        portfoliosFailed: failures.length,
        failures,
      };
      await this.ledger.finish(tx, run.id, { status: 'SUCCEEDED', counts, inputs: runInputs });
      return counts;
    });
  }

  /** One portfolio under every scenario: its conditions, results and coverage, or null when it has no holdings yet. */
  private async evaluatePortfolio(portfolio: PortfolioEntity, horizonMonths: number, scenarios: Scenario[], slicer: TimeSlicer) {
    const read = await this.projection.inputFor(portfolio.code, horizonMonths).catch((err) => {
      if (err instanceof Conflict) return null; // no holdings uploaded yet
      throw err;
    });
    if (!read) return null;
    const conditions: Condition[] = [];
    const results: RunOutcome['results'] = [];
    const coverage = emptyCoverage();
    const input: PortfolioRunInput = {
      portfolio: portfolio.code,
      name: portfolio.name,
      currency: portfolio.baseCurrency,
      snapshotId: read.snapshotId,
      asOfDate: read.input.portfolio.asOfDate,
      limitVersions: read.limitVersions,
    };
    for (const { id } of read.limitVersions) coverage.limitsInForce.add(`${portfolio.id}|${id}`);
    coverExempt(coverage, portfolio.id, read.input, scenarios);
    for (const [i, scenario] of scenarios.entries()) {
      const checks = await this.project(read, scenario, slicer);
      // Today's figures are the same under every scenario: the first one's give the concentrations.
      if (i === 0) input.concentration = concentrationOf(checks);
      for (const check of checks) {
        conditions.push(...conditionsOf(portfolio, scenario.name, [check], i === 0));
        cover(coverage, portfolio.id, scenario.name, check);
        if (check.current.status !== 'OK' || check.projectedStatus !== 'OK') {
          results.push({
            portfolio: portfolio.code,
            scenario: scenario.name,
            limitId: check.limitId,
            scopeKey: check.scopeKey,
            result: toExposureView(check),
          });
        }
        await slicer.pause();
      }
    }
    return { input, conditions, results, coverage };
  }

  /** The risk core, one check at a time with pauses: a portfolio of thousands of families must not hold the event loop. */
  private async project(read: PortfolioInput, scenario: Scenario, slicer: TimeSlicer): Promise<LimitCheck[]> {
    const checks: LimitCheck[] = [];
    for (const check of projectEach({ ...read.input, scenario })) {
      checks.push(check);
      await slicer.pause();
    }
    return inCheckOrder(checks);
  }

  private async portfoliosOf(codes?: string[]): Promise<PortfolioEntity[]> {
    const portfolios = await this.portfolios.all(codes);
    const missing = codes?.filter((c) => !portfolios.some((p) => p.code === c)) ?? [];
    if (missing.length) throw new NotFound(`Portfolio ${missing.join(', ')}`);
    return portfolios;
  }
}

function toResultView(r: EvaluationResultEntity, currencyOf: (portfolio: string) => string) {
  return { portfolio: r.portfolio, currency: currencyOf(r.portfolio), scenario: r.scenario, ...r.result };
}

/** A failed run as a risk officer reads it: what happened to the run, not the driver's words (those are in the log, under errorId). */
function runFailure(err: unknown): string {
  if (err instanceof NothingEvaluated)
    return `No portfolio could be evaluated, so nothing was recorded: ${err.failures.map((f) => `${f.portfolio}: ${f.message}`).join('; ')}`;
  return isDatabaseUnavailable(err)
    ? 'The database could not take the run, so nothing it found was recorded; run it again once the database is back'
    : 'The run stopped on an unexpected error, so nothing it found was recorded; the errorId names the log line with the cause';
}
