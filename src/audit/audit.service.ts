import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { toPage, type Page } from '../common/pagination.js';
import type { AuditChange, AuditTrail } from '../auth/audit-trail.js';
import type { Actor } from '../auth/roles.js';
import { AuditRepository } from './audit.repository.js';
import { toAuditEntryView, type AuditEntryView, type AuditQuery } from './audit.dto.js';

@Injectable()
export class AuditService implements AuditTrail {
  constructor(
    private readonly entries: AuditRepository,
    private readonly clock: Clock,
  ) {}

  /** Written in the caller's transaction, so a change and its audit entry land together. */
  async record(tx: EntityManager, actor: Actor, change: AuditChange): Promise<void> {
    await this.entries.add(tx, {
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
    return toPage(await this.entries.newestFirst(query, query.entity), toAuditEntryView);
  }
}
