import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/roles.js';
import { Clock } from '../common/clock.js';
import { Instance } from '../common/instance.js';
import type { PageQuery } from '../common/pagination.js';
import { Database } from '../database/database.js';
import type { EvaluationRunEntity, RunTrigger } from './evaluation-run.entity.js';
import { requireRunVisible } from './run-access.js';
import { RunsRepository } from './runs.repository.js';

/** A running evaluation renews its lease this often; a lease not renewed for RUN_LEASE_MS is a dead process's. */
export const RUN_HEARTBEAT_MS = 10_000;
export const RUN_LEASE_MS = 60_000;
/** Starts the error of a run whose process died: such a scheduled run's tick runs a second time. */
const INTERRUPTED = 'Interrupted';

/** The lease was taken from this run (its process stalled longer than the lease): its results must not be written. */
export class LeaseLost extends Error {}

/** What a run stands for in the ledger: a manual run, or a cron tick's attempt. */
export interface RunClaim {
  trigger: RunTrigger;
  scheduledFor: string | null;
  attempt?: number;
}

/** A scheduled run whose process died before it finished: its tick is run once more. */
export function isInterruptedFirstAttempt(run: EvaluationRunEntity): boolean {
  return run.status === 'FAILED' && !!run.error?.startsWith(INTERRUPTED) && run.attempt === 1 && run.scheduledFor !== null;
}

/**
 * The run ledger: each run claimed once (a tick's attempt is unique across replicas), held under a
 * lease its process renews, finished only by the process that holds it, and failed with the reason
 * when its process died.
 */
@Injectable()
export class RunLedger {
  private readonly logger = new Logger(RunLedger.name);
  /** Runs this instance is executing: never taken for dead, whatever their lease says. */
  private readonly active = new Set<number>();

  constructor(
    private readonly db: Database,
    private readonly runs: RunsRepository,
    private readonly clock: Clock,
    private readonly instance: Instance,
  ) {}

  /** A new RUNNING run held by this instance; null when another replica claimed the same tick and attempt first. */
  async claim(claim: RunClaim): Promise<EvaluationRunEntity | null> {
    const now = this.clock.now();
    try {
      return await this.db.transaction((tx) =>
        this.runs.insert(tx, {
          trigger: claim.trigger,
          scheduledFor: claim.scheduledFor,
          attempt: claim.attempt ?? 1,
          owner: this.instance.id,
          leaseUntil: leaseFrom(now),
          startedAt: now.toISOString(),
          finishedAt: null,
          status: 'RUNNING',
          inputs: null,
          counts: null,
          error: null,
        }),
      );
    } catch (err) {
      if (claim.scheduledFor && /unique|duplicate/i.test((err as Error).message)) return null;
      throw err;
    }
  }

  /** Runs `work` with the run's lease renewed every RUN_HEARTBEAT_MS. */
  async holding<T>(runId: number, work: () => Promise<T>): Promise<T> {
    this.active.add(runId);
    const heartbeat = setInterval(() => void this.renewLease(runId), RUN_HEARTBEAT_MS);
    try {
      return await work();
    } finally {
      clearInterval(heartbeat);
      this.active.delete(runId);
    }
  }

  /** Ends the run, stamped now, if this instance still holds it. */
  async finish(tx: EntityManager, id: number, changes: Partial<EvaluationRunEntity>): Promise<void> {
    const done = await this.runs.changeHeld(tx, id, this.instance.id, { ...changes, finishedAt: this.clock.nowIso(), leaseUntil: null });
    if (!done) throw new LeaseLost(`Run ${id} was taken for interrupted while it ran; its results were not written`);
  }

  /**
   * Marks FAILED, with the reason, every RUNNING run whose process died: its lease ran out, or its
   * holder is certainly gone. One conditional UPDATE each, so that of several replicas one does it.
   */
  async failInterrupted(): Promise<EvaluationRunEntity[]> {
    const now = this.clock.now();
    const running = await this.runs.running();
    const failed: EvaluationRunEntity[] = [];
    for (const run of running.filter((r) => this.isInterrupted(r, now))) {
      const error = `${INTERRUPTED}: the process running it (${run.owner ?? 'unknown'}) stopped before it finished, so nothing it found was recorded`;
      const taken = await this.db.transaction((tx) =>
        this.runs.changeIfUnchanged(tx, run, { status: 'FAILED', finishedAt: now.toISOString(), leaseUntil: null, error }),
      );
      if (!taken) continue;
      this.logger.warn(`Run ${run.id} was interrupted (its process ${run.owner ?? 'unknown'} stopped): marked FAILED`);
      failed.push({ ...run, status: 'FAILED', error });
    }
    return failed;
  }

  /** The run of the latest cron tick (its latest attempt). */
  latestTickRun(): Promise<EvaluationRunEntity | null> {
    return this.runs.latestTickRun();
  }

  /** A page of the runs the actor may see, newest first. */
  page(actor: Actor, page: PageQuery): Promise<[EvaluationRunEntity[], number]> {
    return this.runs.visiblePage(actor.portfolios, page);
  }

  /** A run the actor may see; 404 otherwise. */
  async find(actor: Actor, id: number): Promise<EvaluationRunEntity> {
    const run = await this.runs.require(`Evaluation ${id}`, { id });
    requireRunVisible(actor, run);
    return run;
  }

  private async renewLease(id: number): Promise<void> {
    try {
      await this.db.transaction((tx) => this.runs.changeHeld(tx, id, this.instance.id, { leaseUntil: leaseFrom(this.clock.now()) }));
    } catch (err) {
      this.logger.warn(`Could not renew the lease of run ${id}: ${(err as Error).message}`);
    }
  }

  private isInterrupted(run: EvaluationRunEntity, now: Date): boolean {
    if (this.active.has(run.id)) return false;
    if (run.owner && this.instance.isGone(run.owner)) return true;
    return (run.leaseUntil ?? leaseFrom(new Date(run.startedAt))) < now.toISOString();
  }
}

function leaseFrom(now: Date): string {
  return new Date(now.getTime() + RUN_LEASE_MS).toISOString();
}
