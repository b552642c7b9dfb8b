import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { toPage, type Page } from '../common/pagination.js';
import { Database } from '../database/database.js';
import type { AuditChange, AuditTrail } from '../auth/audit-trail.js';
import type { Actor } from '../auth/roles.js';
import { AuditEntryEntity } from './audit-entry.entity.js';
import { toAuditEntryView, type AuditEntryView, type AuditQuery } from './audit.dto.js';

@Injectable()
export class AuditService implements AuditTrail {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** Written in the caller's transaction, so a change and its audit entry land together. */
  async record(tx: EntityManager, actor: Actor, change: AuditChange): Promise<void> {
    await tx.getRepository(AuditEntryEntity).insert({
      at: this.clock.nowIso(),
      actorId: actor.id || null,
      actorEmail: actor.email,
      action: change.action,
      entity: change.entity,
      entityId: String(change.entityId),
      before: (change.before ?? null) as object | null,
      after: (change.after ?? null) as object | null,
    });
  }

  async list(query: AuditQuery): Promise<Page<AuditEntryView>> {
    const found = await this.db.reads.getRepository(AuditEntryEntity).findAndCount({
      where: query.entity ? { entity: query.entity } : {},
      order: { id: 'DESC' },
      take: query.limit,
      skip: query.offset,
    });
    return toPage(found, toAuditEntryView);
  }
}
