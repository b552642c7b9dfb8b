import { Injectable, Logger } from '@nestjs/common';
import { In, LessThan } from 'typeorm';
import { BreachRecorder } from '../breaches/breach-recorder.js';
import type { Condition } from '../breaches/breach-lifecycle.js';
import { Clock } from '../common/clock.js';
import { Conflict, NotFound } from '../common/errors.js';
import { toPage, type PageQuery } from '../common/pagination.js';
import { AppLock, Database } from '../database/database.js';
import { portfolioCodes } from '../portfolios/portfolio-codes.js';
import { ScenariosService } from '../issuance/scenarios.service.js';
import { PortfolioEntity } from '../portfolios/portfolio.entity.js';
import { toExposureView } from '../projection/projection.dto.js';
import { DEFAULT_HORIZON, ProjectionService } from '../projection/projection.service.js';
import { project } from '../risk/projection.js';
import { conditionsOf } from './conditions.js';
import { DigestService } from './digest.service.js';
import { EvaluationResultEntity, EvaluationRunEntity, type RunTrigger } from './evaluation-run.entity.js';
import { toRunView, type RunEvaluationDto } from './evaluation.dto.js';

/** Far longer than any run takes (a million holdings evaluate in well under a minute). */
export const RUN_LEASE_MS = 30 * 60_000;

interface RunRequest {
  trigger: RunTrigger;
  scheduledFor: string | null;
  portfolios?: string[];
  scenarios?: string[];
  horizonMonths?: number;
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
    private readonly clock: Clock,
  ) {}

  runNow(dto: RunEvaluationDto) {
    return this.run({ trigger: 'MANUAL', scheduledFor: null, ...dto });
  }

  /** Only the replica whose insert of the tick wins runs it: the unique scheduled_for is the ledger. */
  async runTick(tick: Date, trigger: 'SCHEDULED' | 'CATCH_UP' = 'SCHEDULED') {
    return this.run({ trigger, scheduledFor: tick.toISOString() });
  }

  async list(page: PageQuery) {
    const found = await this.db.reads.getRepository(EvaluationRunEntity).findAndCount({ order: { id: 'DESC' }, take: page.limit, skip: page.offset });
    return toPage(found, toRunView);
  }

  async get(id: number) {
    const run = await this.db.reads.getRepository(EvaluationRunEntity).findOneBy({ id });
    if (!run) throw new NotFound(`Evaluation ${id}`);
    const results = await this.db.reads.getRepository(EvaluationResultEntity).find({ where: { runId: id }, order: { id: 'ASC' } });
    return { ...toRunView(run), inputs: run.inputs, results: results.map((r) => ({ portfolio: r.portfolio, scenario: r.scenario, ...r.result })) };
  }

  private async run(request: RunRequest) {
    const run = await this.claim(request);
    if (!run) return null;
    const started = Date.now();
    try {
      const counts = await this.evaluate(run, request);
      this.logger.log(`Run ${run.id} (${run.trigger}) succeeded in ${Date.now() - started} ms: ${JSON.stringify(counts)}`);
    } catch (err) {
      this.logger.error(`Run ${run.id} failed: ${(err as Error).stack ?? err}`);
      await this.db.transaction((tx) => tx.getRepository(EvaluationRunEntity).update({ id: run.id }, { status: 'FAILED', finishedAt: this.clock.nowIso(), error: (err as Error).message }));
    }
    return this.get(run.id);
  }

  private async claim(request: RunRequest): Promise<EvaluationRunEntity | null> {
    try {
      return await this.db.transaction((tx) =>
        tx.getRepository(EvaluationRunEntity).save({
          trigger: request.trigger, scheduledFor: request.scheduledFor, startedAt: this.clock.nowIso(), finishedAt: null, status: 'RUNNING', inputs: null, counts: null, error: null,
        }),
      );
    } catch (err) {
      if (request.scheduledFor && /unique|duplicate/i.test((err as Error).message)) return this.reclaimStale(request.scheduledFor);
      throw err;
    }
  }

  /**
   * A tick whose run has been RUNNING longer than any run takes was left by a process that died:
   * one conditional UPDATE lets exactly one replica take it over.
   */
  private async reclaimStale(scheduledFor: string): Promise<EvaluationRunEntity | null> {
    const now = this.clock.now();
    const staleBefore = new Date(now.getTime() - RUN_LEASE_MS).toISOString();
    return this.db.transaction(async (tx) => {
      const runs = tx.getRepository(EvaluationRunEntity);
      const taken = await runs.update(
        { scheduledFor, status: 'RUNNING', startedAt: LessThan(staleBefore) },
        { trigger: 'CATCH_UP', startedAt: now.toISOString() },
      );
      return taken.affected === 1 ? runs.findOneBy({ scheduledFor }) : null;
    });
  }

  private async evaluate(run: EvaluationRunEntity, request: RunRequest) {
    const horizonMonths = request.horizonMonths ?? DEFAULT_HORIZON;
    const scenarios = await this.scenarios.byNames(request.scenarios);
    const portfolios = await this.portfoliosOf(request.portfolios);
    const conditions: Condition[] = [];
    const results: Array<Omit<EvaluationResultEntity, 'id'>> = [];
    const inputs: Array<{ portfolio: string; snapshotId: number; limitVersions: unknown }> = [];
    const evaluated: number[] = [];
    for (const portfolio of portfolios) {
      const read = await this.projection.inputFor(portfolio.code, horizonMonths).catch((err) => {
        if (err instanceof Conflict) return null; // no holdings uploaded yet
        throw err;
      });
      if (!read) continue;
      evaluated.push(portfolio.id);
      inputs.push({ portfolio: portfolio.code, snapshotId: read.snapshotId, limitVersions: read.limitVersions });
      scenarios.forEach((scenario, i) => {
        const checks = project({ ...read.input, scenario });
        conditions.push(...conditionsOf(portfolio, scenario.name, checks, i === 0));
        for (const check of checks.filter((c) => c.current.status !== 'OK' || c.projectedStatus !== 'OK')) {
          results.push({ runId: run.id, portfolio: portfolio.code, scenario: scenario.name, limitId: check.limitId, scopeKey: check.scopeKey, result: toExposureView(check) });
        }
      });
    }
    return this.db.transaction(async (tx) => {
      await this.db.lockWithin(tx, AppLock.Breaches);
      const now = this.clock.nowIso();
      const notable = await this.breaches.record(tx, run.id, now, { portfolioIds: evaluated, scenarios: scenarios.map((s) => s.name) }, conditions);
      const emails = await this.digests.enqueue(tx, run.id, now, notable, await portfolioCodes(tx));
      await tx.getRepository(EvaluationResultEntity).save(results, { chunk: 200 });
      const counts = {
        portfolios: evaluated.length, conditions: conditions.length, breaches: conditions.filter((c) => c.severity === 'BREACH').length,
        warnings: conditions.filter((c) => c.severity === 'WARNING').length, opened: notable.filter((n) => n.change === 'NEW').length,
        resolved: notable.filter((n) => n.change === 'RESOLVED').length, emails,
      };
      await tx.getRepository(EvaluationRunEntity).update({ id: run.id }, { status: 'SUCCEEDED', finishedAt: now, counts, inputs: { horizonMonths, scenarios, portfolios: inputs } });
      return counts;
    });
  }


  private async portfoliosOf(codes?: string[]): Promise<PortfolioEntity[]> {
    const repo = this.db.reads.getRepository(PortfolioEntity);
    const portfolios = await repo.find({ where: codes ? { code: In(codes) } : {}, order: { code: 'ASC' } });
    const missing = codes?.filter((c) => !portfolios.some((p) => p.code === c)) ?? [];
    if (missing.length) throw new NotFound(`Portfolio ${missing.join(', ')}`);
    return portfolios;
  }
}
