import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { PortfolioAccess, requireVisible } from '../auth/portfolio-access.js';
import type { Actor } from '../auth/roles.js';
import { Clock } from '../common/clock.js';
import { addDays } from '../common/dates.js';
import { Conflict, Forbidden, InvalidFields, NotFound } from '../common/errors.js';
import { counted } from '../shared/plural.js';
import type { Page } from '../common/pagination.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AppLock, Database } from '../database/database.js';
import { IssuersService } from '../issuers/issuers.service.js';
import { countedDesignations } from '../limits/limit.dto.js';
import { LimitsService } from '../limits/limits.service.js';
import { PortfoliosService } from '../portfolios/portfolios.service.js';
import { BreachBreakdown } from './breach-breakdown.js';
import { BreachEntity, type BreachStatus, type WaiverRequest } from './breach.entity.js';
import { BreachesRepository, type BreachFilter } from './breaches.repository.js';
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

/** What an action writes on each breach it applies to: an event of `type` with `text`, and `changes`. */
interface Change {
  type: string;
  text: string;
  changes: Partial<BreachEntity>;
  data?: object;
}

/**
 * What risk officers do with breaches: read them one by one or one item per problem (group),
 * acknowledge, comment, ask for a waiver and approve or reject it (two people); each change an
 * event in the breach's history and an entry in the audit log.
 */
@Injectable()
export class BreachesService {
  constructor(
    private readonly db: Database,
    private readonly breaches: BreachesRepository,
    private readonly issuers: IssuersService,
    private readonly limits: LimitsService,
    private readonly portfolios: PortfoliosService,
    private readonly access: PortfolioAccess,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly breakdown: BreachBreakdown,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The breaches of the portfolios the actor may see. */
  async list(actor: Actor, query: BreachQuery): Promise<Page<BreachView | ReturnType<typeof toGroupView>>> {
    const [codes, limits, currencies] = [await this.portfolios.codes(), await this.limits.labels(), await this.portfolios.currencies()];
    const view = (b: BreachEntity) =>
      toBreachView(b, codes.get(b.portfolioId) ?? '', currencies.get(b.portfolioId) ?? '', limits.get(b.limitId));
    const filter = await this.filterOf(actor, query, codes);
    if (query.groupBy !== 'group') {
      const [rows, total] = await this.breaches.page(filter, query);
      return { items: rows.map(view), total };
    }
    const { groups, total } = await this.breaches.groupPage(filter, query);
    return { items: groups.map((members) => toGroupView(members.map(view))), total };
  }

  /** A breach with its history, and the issuers and lots that make its exposure, largest first. */
  async get(actor: Actor, id: number) {
    const breach = await this.require(actor, id);
    const events = await this.breaches.events(id);
    const [codes, limits, currencies] = [await this.portfolios.codes(), await this.limits.labels(), await this.portfolios.currencies()];
    const limit = await this.limits.latestVersion(breach.limitId);
    const breakdown = limit
      ? await this.breakdown.of(breach, limit.measure, countedDesignations(limit.scope), limit.scope.type === 'EACH_ISSUER_FAMILY')
      : null;
    return {
      ...toBreachView(breach, codes.get(breach.portfolioId) ?? '', currencies.get(breach.portfolioId) ?? '', limits.get(breach.limitId)),
      history: events.map(toEventView),
      breakdown,
    };
  }

  acknowledge(actor: Actor, id: number, dto: AcknowledgeDto) {
    return this.underLock(actor, id, async (tx, breach) => {
      const open = (b: BreachEntity) => b.status === 'OPEN';
      const targets = await this.targets(tx, breach, dto.group, open, 'is not OPEN: only an OPEN breach can be acknowledged');
      await this.record(tx, actor, targets, { type: 'ACKNOWLEDGED', text: dto.comment, changes: { status: 'ACKNOWLEDGED' } });
    });
  }

  comment(actor: Actor, id: number, dto: CommentDto) {
    return this.underLock(actor, id, (tx, breach) => this.record(tx, actor, [breach], { type: 'COMMENT', text: dto.text, changes: {} }));
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
    return this.underLock(actor, id, async (tx, breach) => {
      const waivable = (b: BreachEntity) => b.status !== 'RESOLVED' && !b.waiverRequest;
      const targets = await this.targets(tx, breach, dto.group, waivable, 'is resolved or already has a waiver request');
      await this.record(tx, actor, targets, {
        type: 'WAIVER_REQUESTED',
        text: dto.reason,
        changes: { waiverRequest: request },
        data: { requestId: request.id, until: dto.until },
      });
    });
  }

  /** Approves the breach's waiver request, for every breach it was asked for; never by the officer who asked. */
  approveWaiver(actor: Actor, id: number) {
    return this.underLock(actor, id, async (tx, breach) => {
      const targets = await this.sameRequest(tx, breach);
      const request = breach.waiverRequest!;
      // The same person, even under another user (revoked and created again with the same email).
      if (request.requestedBy.email.toLowerCase() === actor.email.toLowerCase())
        throw new Forbidden('The officer who asked for a waiver cannot approve it: another officer or an admin must');
      await this.record(tx, actor, targets, {
        type: 'WAIVED',
        text: request.reason,
        changes: { status: 'WAIVED', waivedUntil: request.until, waiverRequest: null },
        data: { requestId: request.id, until: request.until, requestedBy: request.requestedBy.email, approvedBy: actor.email },
      });
    });
  }

  rejectWaiver(actor: Actor, id: number, dto: RejectWaiverDto) {
    return this.underLock(actor, id, async (tx, breach) => {
      const targets = await this.sameRequest(tx, breach);
      const request = breach.waiverRequest!;
      await this.record(tx, actor, targets, {
        type: 'WAIVER_REJECTED',
        text: dto.reason,
        changes: { waiverRequest: null },
        data: { requestId: request.id, requestedBy: request.requestedBy.email },
      });
    });
  }

  /** One transaction under the breaches lock (a run cannot undo an action halfway); then the breach as it is now. */
  private async underLock(actor: Actor, id: number, action: (tx: EntityManager, breach: BreachEntity) => Promise<void>) {
    await this.db.transaction(async (tx) => {
      await this.db.lockWithin(tx, AppLock.Breaches);
      await action(tx, await this.require(actor, id, tx));
    });
    return this.get(actor, id);
  }

  /** The breach, or with `group` every breach of its group, that `accepts` takes; a 409 saying `refusal` when none does. */
  private async targets(
    tx: EntityManager,
    breach: BreachEntity,
    group: boolean | undefined,
    accepts: (b: BreachEntity) => boolean,
    refusal: string,
  ): Promise<BreachEntity[]> {
    if (!accepts(breach) && !group) throw new Conflict(`Breach ${breach.id} ${refusal}`);
    const members = group ? await this.breaches.inGroup(tx, breach.groupKey) : [breach];
    const targets = members.filter(accepts).sort((a, b) => a.id - b.id);
    if (!targets.length) throw new Conflict(`No breach of the group of breach ${breach.id} can be changed: each ${refusal}`);
    return targets;
  }

  /** The breaches of the group that the breach's waiver request was asked for. */
  private sameRequest(tx: EntityManager, breach: BreachEntity): Promise<BreachEntity[]> {
    const asked = (b: BreachEntity) => b.waiverRequest !== null && b.waiverRequest.id === breach.waiverRequest?.id;
    return this.targets(tx, breach, true, asked, 'has no waiver request');
  }

  /** The change on each target: its event in the history and its entry in the audit log. */
  private async record(tx: EntityManager, actor: Actor, targets: BreachEntity[], { type, text, changes, data }: Change): Promise<void> {
    const at = this.clock.nowIso();
    for (const target of targets) {
      const before = { status: target.status, waivedUntil: target.waivedUntil, waiverRequest: target.waiverRequest };
      const event = { breachId: target.id, at, type, actorEmail: actor.email, runId: null, text, data: data ?? null };
      await this.breaches.change(tx, target.id, changes, event);
      await this.audit.record(tx, actor, {
        action: `breach.${type.toLowerCase()}`,
        entity: 'breach',
        entityId: target.id,
        before,
        after: { ...before, ...changes, text },
      });
    }
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

  private async filterOf(actor: Actor, query: BreachQuery, codes: Map<number, string>): Promise<BreachFilter> {
    const filter: BreachFilter = {
      visiblePortfolioIds: await this.access.visibleIds(actor),
      status: query.status,
      severity: query.severity,
      kind: query.kind,
      scenario: query.scenario,
      limitId: query.limitId,
    };
    if (query.portfolio) {
      const id = [...codes].find(([, code]) => code === query.portfolio)?.[0];
      requireVisible(actor, id === undefined ? undefined : query.portfolio, `Portfolio ${query.portfolio}`);
      filter.portfolioId = id;
    }
    if (query.issuer) filter.familyId = await this.issuers.familyOf(query.issuer);
    return filter;
  }

  /** The breach, read in `tx` when given, if the actor may see it; 404 otherwise. */
  private async require(actor: Actor, id: number, tx?: EntityManager): Promise<BreachEntity> {
    const breach = await this.breaches.find(id, tx);
    if (!breach) throw new NotFound(`Breach ${id}`);
    await this.access.requireVisibleId(actor, breach.portfolioId, `Breach ${id}`, tx);
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
    currency: first.currency,
    severity: members.some((m) => m.severity === 'BREACH') ? 'BREACH' : 'WARNING',
    status: STATUS_ORDER.find((s) => members.some((m) => m.status === s))!,
    utilizationPct: Math.max(...members.map((m) => m.utilizationPct)),
    projectedBreachDate: dates[0] ?? null,
    scenarios: members.filter((m) => m.scenario !== null).map((m) => m.scenario!),
    members,
  };
}
