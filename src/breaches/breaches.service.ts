import { Injectable } from '@nestjs/common';
import type { EntityManager, FindOptionsWhere } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/roles.js';
import { Clock } from '../common/clock.js';
import { Conflict, Invalid, NotFound } from '../common/errors.js';
import type { Page } from '../common/pagination.js';
import { AppLock, Database } from '../database/database.js';
import { portfolioCodes } from '../portfolios/portfolio-codes.js';
import { BreachEntity, BreachEventEntity } from './breach.entity.js';
import { toBreachView, toEventView, type AcknowledgeDto, type BreachQuery, type CommentDto, type WaiveDto } from './breach.dto.js';

type BreachView = ReturnType<typeof toBreachView>;

/** What risk officers do with breaches: read, acknowledge, comment, waive; each an event in its history. */
@Injectable()
export class BreachesService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(query: BreachQuery): Promise<Page<BreachView>> {
    const codes = await portfolioCodes(this.db.reads.manager);
    const where: FindOptionsWhere<BreachEntity> = {
      ...(query.status && { status: query.status as BreachEntity['status'] }),
      ...(query.severity && { severity: query.severity as BreachEntity['severity'] }),
      ...(query.kind && { kind: query.kind as BreachEntity['kind'] }),
      ...(query.scenario && { scenario: query.scenario }),
    };
    if (query.portfolio) {
      const id = [...codes].find(([, code]) => code === query.portfolio)?.[0];
      if (id === undefined) throw new NotFound(`Portfolio ${query.portfolio}`);
      where.portfolioId = id;
    }
    const [rows, total] = await this.db.reads.getRepository(BreachEntity).findAndCount({ where, order: { id: 'DESC' }, take: query.limit, skip: query.offset });
    return { items: rows.map((b) => toBreachView(b, codes.get(b.portfolioId) ?? '')), total };
  }

  async get(id: number) {
    const tx = this.db.reads.manager;
    const breach = await this.require(tx, id);
    const events = await tx.getRepository(BreachEventEntity).find({ where: { breachId: id }, order: { id: 'ASC' } });
    const codes = await portfolioCodes(tx);
    return { ...toBreachView(breach, codes.get(breach.portfolioId) ?? ''), history: events.map(toEventView) };
  }

  acknowledge(actor: Actor, id: number, dto: AcknowledgeDto) {
    return this.change(actor, id, 'ACKNOWLEDGED', dto.comment, (breach) => {
      if (breach.status !== 'OPEN') throw new Conflict(`Breach ${id} is ${breach.status}; only an OPEN breach can be acknowledged`);
      breach.status = 'ACKNOWLEDGED';
    });
  }

  comment(actor: Actor, id: number, dto: CommentDto) {
    return this.change(actor, id, 'COMMENT', dto.text, () => undefined);
  }

  /** Silent until `until` (inclusive); the first run after it brings the breach back as OPEN. */
  waive(actor: Actor, id: number, dto: WaiveDto) {
    return this.change(actor, id, 'WAIVED', dto.reason, (breach) => {
      if (breach.status === 'RESOLVED') throw new Conflict(`Breach ${id} is resolved`);
      if (dto.until < this.clock.nowIso().slice(0, 10)) throw new Invalid('Invalid request: until', [{ field: 'until', message: 'until must not be in the past' }]);
      breach.status = 'WAIVED';
      breach.waivedUntil = dto.until;
    });
  }

  private async change(actor: Actor, id: number, type: string, text: string, apply: (breach: BreachEntity) => void) {
    await this.db.transaction(async (tx) => {
      await this.db.lockWithin(tx, AppLock.Breaches);
      const breach = await this.require(tx, id);
      const before = { status: breach.status, waivedUntil: breach.waivedUntil };
      apply(breach);
      await tx.getRepository(BreachEntity).save(breach);
      const at = this.clock.nowIso();
      await tx.getRepository(BreachEventEntity).insert({ breachId: id, at, type, actorEmail: actor.email, runId: null, text, data: null });
      await this.audit.record(tx, actor, { action: `breach.${type.toLowerCase()}`, entity: 'breach', entityId: id, before, after: { status: breach.status, waivedUntil: breach.waivedUntil, text } });
    });
    return this.get(id);
  }

  private async require(tx: EntityManager, id: number): Promise<BreachEntity> {
    const breach = await tx.getRepository(BreachEntity).findOneBy({ id });
    if (!breach) throw new NotFound(`Breach ${id}`);
    return breach;
  }

}
