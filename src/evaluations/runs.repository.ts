import { Injectable } from '@nestjs/common';
import { Brackets, In, IsNull, Not, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { PageQuery } from '../common/pagination.js';
import type { TimeSlicer } from '../common/time-slice.js';
import { BulkInserter } from '../database/bulk-insert.js';
import { Database } from '../database/database.js';
import { TableRepository } from '../database/table-repository.js';
import { EvaluationResultEntity, EvaluationRunEntity } from './evaluation-run.entity.js';

const RESULTS_PER_INSERT = 100;

/** A check a run found not OK, as its results table keeps it. */
export interface NewResult {
  portfolio: string;
  scenario: string | null;
  limitId: number;
  scopeKey: string;
  result: object;
}

/**
 * The runs (evaluation_runs, which is also the run ledger) and their results: the only code that
 * knows these tables. `portfolios` narrows a read to the runs and results of those portfolio codes;
 * null: all.
 */
@Injectable()
export class RunsRepository extends TableRepository<EvaluationRunEntity> {
  constructor(db: Database) {
    super(db, EvaluationRunEntity);
  }

  /** Inserts the run; a second claim of the same tick and attempt fails on the unique key. */
  insert(tx: EntityManager, run: Omit<EvaluationRunEntity, 'id' | 'errorId'>): Promise<EvaluationRunEntity> {
    return this.table(tx).save(run);
  }

  /** Changes the run if `owner` holds it and it is RUNNING; whether it did. */
  async changeHeld(tx: EntityManager, id: number, owner: string, changes: Partial<EvaluationRunEntity>): Promise<boolean> {
    return (await this.table(tx).update({ id, owner, status: 'RUNNING' }, changes)).affected === 1;
  }

  running(): Promise<EvaluationRunEntity[]> {
    return this.table().findBy({ status: 'RUNNING' });
  }

  /** Changes the run if it is still RUNNING under the lease it was read with: of several replicas, one does. */
  async changeIfUnchanged(tx: EntityManager, run: EvaluationRunEntity, changes: Partial<EvaluationRunEntity>): Promise<boolean> {
    const where = { id: run.id, status: 'RUNNING' as const, leaseUntil: run.leaseUntil ?? IsNull() };
    return (await this.table(tx).update(where, changes)).affected === 1;
  }

  /** The run of the latest cron tick (its latest attempt). */
  latestTickRun(): Promise<EvaluationRunEntity | null> {
    return this.table().findOne({
      where: { scheduledFor: Not(IsNull()), trigger: In(['SCHEDULED', 'CATCH_UP']) },
      order: { scheduledFor: 'DESC', attempt: 'DESC' },
    });
  }

  /** A page of the runs, newest first: of those portfolios, the runs that evaluated one of them or recorded none. */
  visiblePage(portfolios: string[] | null, page: PageQuery): Promise<[EvaluationRunEntity[], number]> {
    const runs = this.table().createQueryBuilder('r');
    return whereRunVisible(portfolios, runs).orderBy('r.id', 'DESC').take(page.limit).skip(page.offset).getManyAndCount();
  }

  /** A page of the run's results, in the order they were written. */
  resultsPage(runId: number, portfolios: string[] | null, page: PageQuery): Promise<[EvaluationResultEntity[], number]> {
    return this.results().findAndCount({ where: resultsOf(runId, portfolios), order: { id: 'ASC' }, take: page.limit, skip: page.offset });
  }

  /** `take` of the run's results from `skip` on, in the order they were written. */
  someResults(runId: number, portfolios: string[] | null, take: number, skip: number): Promise<EvaluationResultEntity[]> {
    return this.results().find({ where: resultsOf(runId, portfolios), order: { id: 'ASC' }, take, skip });
  }

  /** Through prepared statements of a hundred results (each a JSON document of some kilobytes): short synchronous steps. */
  async insertResults(tx: EntityManager, runId: number, results: NewResult[], slicer: TimeSlicer): Promise<void> {
    const inserter = new BulkInserter(
      tx,
      'evaluation_results',
      ['run_id', 'portfolio', 'scenario', 'limit_id', 'scope_key', 'result'],
      RESULTS_PER_INSERT,
    );
    for (const r of results) {
      await inserter.add([runId, r.portfolio, r.scenario, r.limitId, r.scopeKey, JSON.stringify(r.result)]);
      await slicer.pause();
    }
    await inserter.finish();
  }

  private results() {
    return this.db.reads.getRepository(EvaluationResultEntity);
  }
}

function resultsOf(runId: number, portfolios: string[] | null) {
  return { runId, ...(portfolios && { portfolio: In(portfolios) }) };
}

/** Keeps to the runs requireRunVisible lets a reader of these portfolios see, in SQL (a run's inputs are JSON text). */
function whereRunVisible(
  portfolios: string[] | null,
  qb: SelectQueryBuilder<EvaluationRunEntity>,
): SelectQueryBuilder<EvaluationRunEntity> {
  if (!portfolios) return qb;
  return qb.andWhere(
    new Brackets((any) => {
      any.where('r.inputs IS NULL').orWhere('r.inputs LIKE :none', { none: '%"portfolios":[]%' });
      portfolios.forEach((code, i) =>
        any.orWhere(`r.inputs LIKE :code${i} ESCAPE '\\'`, {
          [`code${i}`]: `%"portfolio":${JSON.stringify(code).replace(/[\\%_]/g, '\\$&')}%`,
        }),
      );
    }),
  );
}
