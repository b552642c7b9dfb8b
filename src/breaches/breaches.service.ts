import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { requireVisible, requireVisibleId, visiblePortfolioIds } from '../auth/portfolio-access.js';
import type { Actor } from '../auth/roles.js';
import { Clock } from '../common/clock.js';
import { addDays } from '../common/dates.js';
import { Conflict, Forbidden, InvalidFields, NotFound } from '../common/errors.js';
import { counted } from '../shared/plural.js';
import type { Page } from '../common/pagination.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AppLock, Database } from '../database/database.js';
import { familyIndex } from '../issuers/family.js';
import { IssuerEntity } from '../issuers/issuer.entity.js';
import { normalizeIssuerName } from '../issuers/issuer-name.js';
import { limitLabels } from '../limits/limit-labels.js';
import { countedDesignations } from '../limits/limit.dto.js';
import { LimitVersionEntity } from '../limits/limit.entity.js';
import { portfolioCodes } from '../portfolios/portfolio-codes.js';
import { BreachBreakdown } from './breach-breakdown.js';
import { BreachEntity, BreachEventEntity, type BreachStatus, type WaiverRequest } from './breach.entity.js';
import {
  toBreachView,
  toEventView,
  type AcknowledgeDto,
  type BreachGroupView,
  type BreachQuery,
  type CommentDto,
  type RejectWaiverDto,
  type WaiveDto,
} from './breach.dto.js';

type BreachView = ReturnType<typeof toBreachView>;

/** The order in which a group's status is the status of its most pressing member. */
const STATUS_ORDER: BreachStatus[] = ['OPEN', 'ACKNOWLEDGED', 'WAIVED', 'RESOLVED'];

/** What an action does to the breaches it applies to, inside the action's transaction. */
type Apply = (
  targets: BreachEntity[],
  breach: BreachEntity,
) => { type: string; text: string; changes: Partial<BreachEntity>; data?: object };

/**
 * What risk officers do with breaches: read them one by one or one item per problem (group),
 * acknowledge, comment, ask for a waiver and approve or reject it (two people); each change an
 * event in the breach's history and an entry in the audit log.
 */
@Injectable()
export class BreachesService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly breakdown: BreachBreakdown,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The breaches of the portfolios the actor may see. */
  async list(actor: Actor, query: BreachQuery): Promise<Page<BreachView | ReturnType<typeof toGroupView>>> {
    const manager = this.db.reads.manager;
    const [codes, limits] = [await portfolioCodes(manager), await limitLabels(manager)];
    const view = (b: BreachEntity) => toBreachView(b, codes.get(b.portfolioId) ?? '', limits.get(b.limitId));
    const filtered = await this.filtered(actor, query, codes);
    if (query.groupBy !== 'group') {
      const [rows, total] = await filtered.orderBy('b.id', 'DESC').take(query.limit).skip(query.offset).getManyAndCount();
      return { items: rows.map(view), total };
    }
    const page: Array<{ groupKey: string }> = await filtered
      .clone()
      .select('b.groupKey', 'groupKey')
      .groupBy('b.groupKey')
      .orderBy('MAX(b.id)', 'DESC')
      .limit(query.limit)
      .offset(query.offset)
      .getRawMany();
    const { n } = (await filtered.clone().select('COUNT(DISTINCT b.groupKey)', 'n').getRawOne()) as { n: number | string };
    const keys = page.map((g) => g.groupKey);
    const members = keys.length
      ? await filtered.clone().andWhere('b.groupKey IN (:...keys)', { keys }).orderBy('b.id', 'ASC').getMany()
      : [];
    return { items: keys.map((key) => toGroupView(members.filter((b) => b.groupKey === key).map(view))), total: Number(n) };
  }

  /** A breach with its history, and the issuers and lots that make its exposure, largest first. */
  async get(actor: Actor, id: number) {
    const manager = this.db.reads.manager;
    const breach = await this.require(manager, actor, id);
    const events = await manager.getRepository(BreachEventEntity).find({ where: { breachId: id }, order: { id: 'ASC' } });
    const [codes, limits] = [await portfolioCodes(manager), await limitLabels(manager)];
    const limit = await manager
      .getRepository(LimitVersionEntity)
      .findOne({ where: { limitId: breach.limitId }, order: { version: 'DESC' } });
    const breakdown = limit
      ? await this.breakdown.of(breach, limit.measure, countedDesignations(limit.scope), limit.scope.type === 'EACH_ISSUER_FAMILY')
      : null;
    return {
      ...toBreachView(breach, codes.get(breach.portfolioId) ?? '', limits.get(breach.limitId)),
      history: events.map(toEventView),
      breakdown,
    };
  }

  acknowledge(actor: Actor, id: number, dto: AcknowledgeDto) {
    return this.act(
      actor,
      id,
      dto.group,
      (b) => b.status === 'OPEN',
      'is not OPEN: only an OPEN breach can be acknowledged',
      () => ({
        type: 'ACKNOWLEDGED',
        text: dto.comment,
        changes: { status: 'ACKNOWLEDGED' },
      }),
    );
  }

  comment(actor: Actor, id: number, dto: CommentDto) {
    return this.act(
      actor,
      id,
      false,
      () => true,
      '',
      () => ({ type: 'COMMENT', text: dto.text, changes: {} }),
    );
  }

  /** A waiver needs two people: this is the request, which a different officer or an admin approves. */
  requestWaiver(actor: Actor, id: number, dto: WaiveDto) {
    this.checkUntil(dto.until);
    const request: WaiverRequest = {
      id: randomBytes(6).toString('hex'),
      requestedBy: { id: actor.id, email: actor.email },
      requestedAt: this.clock.nowIso(),
      until: dto.until,
      reason: dto.reason,
    };
    return this.act(
      actor,
      id,
      dto.group,
      (b) => b.status !== 'RESOLVED' && !b.waiverRequest,
      'is resolved or already has a waiver request',
      () => ({
        type: 'WAIVER_REQUESTED',
        text: dto.reason,
        changes: { waiverRequest: request },
        data: { requestId: request.id, until: dto.until },
      }),
    );
  }

  /** Approves the breach's waiver request, for every breach it was asked for; never by the officer who asked. */
  approveWaiver(actor: Actor, id: number) {
    return this.act(
      actor,
      id,
      true,
      (b) => b.waiverRequest !== null,
      'has no waiver request',
      (targets, breach) => {
        const request = this.pendingRequest(breach);
        // The same person, even under another user (revoked and created again with the same email).
        if (request.requestedBy.email.toLowerCase() === actor.email.toLowerCase())
          throw new Forbidden('The officer who asked for a waiver cannot approve it: another officer or an admin must');
        return {
          type: 'WAIVED',
          text: request.reason,
          changes: { status: 'WAIVED', waivedUntil: request.until, waiverRequest: null },
          data: { requestId: request.id, until: request.until, requestedBy: request.requestedBy.email, approvedBy: actor.email },
        };
      },
      (b, breach) => b.waiverRequest?.id === breach.waiverRequest?.id,
    );
  }

  rejectWaiver(actor: Actor, id: number, dto: RejectWaiverDto) {
    return this.act(
      actor,
      id,
      true,
      (b) => b.waiverRequest !== null,
      'has no waiver request',
      (targets, breach) => {
        const request = this.pendingRequest(breach);
        return {
          type: 'WAIVER_REJECTED',
          text: dto.reason,
          changes: { waiverRequest: null },
          data: { requestId: request.id, requestedBy: request.requestedBy.email },
        };
      },
      (b, breach) => b.waiverRequest?.id === breach.waiverRequest?.id,
    );
  }

  /**
   * One action in one transaction, under the breaches lock (a run cannot undo it halfway): on the
   * breach, or with `group` on every breach of its group that `eligible` accepts (and `sameRequest`,
   * for a waiver decision); each gets an event and an audit entry.
   */
  private async act(
    actor: Actor,
    id: number,
    group: boolean | undefined,
    eligible: (b: BreachEntity) => boolean,
    refusal: string,
    apply: Apply,
    sameRequest: (b: BreachEntity, breach: BreachEntity) => boolean = () => true,
  ) {
    await this.db.transaction(async (tx) => {
      await this.db.lockWithin(tx, AppLock.Breaches);
      const breach = await this.require(tx, actor, id);
      if (!eligible(breach) && !group) throw new Conflict(`Breach ${id} ${refusal}`);
      const members = group ? await tx.getRepository(BreachEntity).findBy({ groupKey: breach.groupKey }) : [breach];
      const targets = members.filter((b) => eligible(b) && sameRequest(b, breach)).sort((a, b) => a.id - b.id);
      if (!targets.length) throw new Conflict(`No breach of the group of breach ${id} can be changed: each ${refusal}`);
      const { type, text, changes, data } = apply(targets, breach);
      const at = this.clock.nowIso();
      for (const target of targets) {
        const before = { status: target.status, waivedUntil: target.waivedUntil, waiverRequest: target.waiverRequest };
        if (Object.keys(changes).length) await tx.getRepository(BreachEntity).update({ id: target.id }, changes);
        await tx
          .getRepository(BreachEventEntity)
          .insert({ breachId: target.id, at, type, actorEmail: actor.email, runId: null, text, data: data ?? null });
        await this.audit.record(tx, actor, {
          action: `breach.${type.toLowerCase()}`,
          entity: 'breach',
          entityId: target.id,
          before,
          after: { ...before, ...changes, text },
        });
      }
    });
    return this.get(actor, id);
  }

  private pendingRequest(breach: BreachEntity): WaiverRequest {
    if (!breach.waiverRequest) throw new Conflict(`Breach ${breach.id} has no waiver request`);
    return breach.waiverRequest;
  }

  /** A waiver ends on a day from today to WAIVER_MAX_DAYS ahead. */
  private checkUntil(until: string): void {
    const today = this.clock.nowIso().slice(0, 10);
    const latest = addDays(today, this.config.waiverMaxDays);
    if (until < today) throw new InvalidFields([{ field: 'until', message: 'until must not be in the past' }]);
    if (until > latest) {
      const most = counted(this.config.waiverMaxDays, 'day');
      throw new InvalidFields([
        { field: 'until', message: `until must be at most ${most} from today (WAIVER_MAX_DAYS), so on or before ${latest}` },
      ]);
    }
  }

  private async filtered(actor: Actor, query: BreachQuery, codes: Map<number, string>): Promise<SelectQueryBuilder<BreachEntity>> {
    const qb = this.db.reads.getRepository(BreachEntity).createQueryBuilder('b');
    const visible = await visiblePortfolioIds(this.db.reads.manager, actor);
    if (visible) qb.andWhere(visible.length ? 'b.portfolioId IN (:...visible)' : '1 = 0', { visible });
    if (query.status) qb.andWhere('b.status = :status', { status: query.status });
    if (query.severity) qb.andWhere('b.severity = :severity', { severity: query.severity });
    if (query.kind) qb.andWhere('b.kind = :kind', { kind: query.kind });
    if (query.scenario) qb.andWhere('b.scenario = :scenario', { scenario: query.scenario });
    if (query.limitId) qb.andWhere('b.limitId = :limitId', { limitId: query.limitId });
    if (query.portfolio) {
      const id = [...codes].find(([, code]) => code === query.portfolio)?.[0];
      requireVisible(actor, id === undefined ? undefined : query.portfolio, `Portfolio ${query.portfolio}`);
      qb.andWhere('b.portfolioId = :portfolioId', { portfolioId: id });
    }
    if (query.issuer) {
      const familyId = await this.familyOf(query.issuer);
      qb.andWhere('(b.scopeKey = :familyScope OR b.memberIds LIKE :member)', {
        familyScope: `family:${familyId}`,
        member: `%,${familyId},%`,
      });
    }
    return qb;
  }

  /** The family of the issuer named by id, LEI, CUSIP-6 or name. */
  private async familyOf(ref: string): Promise<number> {
    const issuers = await this.db.reads.getRepository(IssuerEntity).find();
    const code = ref.trim().toUpperCase();
    const issuer =
      issuers.find((i) => String(i.id) === ref.trim()) ??
      issuers.find((i) => i.lei === code) ??
      issuers.find((i) => i.cusip6 === code) ??
      issuers.find((i) => i.normalizedName === normalizeIssuerName(ref));
    if (!issuer) throw new NotFound(`Issuer ${ref}`);
    return familyIndex(issuers).get(issuer.id)!;
  }

  private async require(tx: EntityManager, actor: Actor, id: number): Promise<BreachEntity> {
    const breach = await tx.getRepository(BreachEntity).findOneBy({ id });
    if (!breach) throw new NotFound(`Breach ${id}`);
    await requireVisibleId(tx, actor, breach.portfolioId, `Breach ${id}`);
    return breach;
  }
}

/** One problem: its worst severity, its most pressing status, and its breaches (today's and each scenario's). */
function toGroupView(members: BreachView[]): BreachGroupView {
  const [first] = members;
  const dates = members
    .map((m) => m.projectedBreachDate)
    .filter((d): d is string => d !== null)
    .sort();
  return {
    groupKey: first.groupKey,
    portfolio: first.portfolio,
    limitId: first.limitId,
    limit: first.limit,
    scope: first.scope,
    severity: members.some((m) => m.severity === 'BREACH') ? 'BREACH' : 'WARNING',
    status: STATUS_ORDER.find((s) => members.some((m) => m.status === s))!,
    utilizationPct: Math.max(...members.map((m) => m.utilizationPct)),
    projectedBreachDate: dates[0] ?? null,
    scenarios: members.filter((m) => m.scenario !== null).map((m) => m.scenario!),
    members,
  };
}
