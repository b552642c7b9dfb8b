import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/roles.js';
import { Clock } from '../common/clock.js';
import { Conflict, NotFound } from '../common/errors.js';
import { toPage, type Page, type PageQuery } from '../common/pagination.js';
import { Database } from '../database/database.js';
import { knownPortfolios } from '../portfolios/portfolio-codes.js';
import { toRecipientView, type CreateRecipientDto, type RecipientView } from './recipient.dto.js';
import { RecipientEntity } from './recipient.entity.js';

const DEFAULT_REPEAT_INTERVAL_HOURS = 24;
const DEFAULT_WORSENING_PCT = 10;

/** Who receives the digest emails; removing one keeps the row (soft delete) for the audit trail. */
@Injectable()
export class RecipientsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, dto: CreateRecipientDto): Promise<RecipientView> {
    const email = dto.email.trim().toLowerCase();
    return this.db.transaction(async (tx) => {
      const recipients = tx.getRepository(RecipientEntity);
      if (await recipients.existsBy({ email, deletedAt: IsNull() })) throw new Conflict(`A recipient with email ${email} already exists`);
      const portfolios = dto.portfolios ? await knownPortfolios(tx, dto.portfolios, 'recipient') : null;
      const saved = await recipients.save(
        recipients.create({
          email,
          portfolios,
          minSeverity: dto.minSeverity,
          repeatIntervalHours: dto.repeatIntervalHours ?? DEFAULT_REPEAT_INTERVAL_HOURS,
          worseningPct: dto.worseningPct ?? DEFAULT_WORSENING_PCT,
          createdAt: this.clock.nowIso(),
          deletedAt: null,
        }),
      );
      const view = toRecipientView(saved);
      await this.audit.record(tx, actor, { action: 'recipient.create', entity: 'recipient', entityId: saved.id, after: view });
      return view;
    });
  }

  async list(page: PageQuery): Promise<Page<RecipientView>> {
    const found = await this.db.reads.getRepository(RecipientEntity).findAndCount({
      where: { deletedAt: IsNull() },
      order: { id: 'ASC' },
      take: page.limit,
      skip: page.offset,
    });
    return toPage(found, toRecipientView);
  }

  async remove(actor: Actor, id: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      const recipients = tx.getRepository(RecipientEntity);
      const current = await recipients.findOneBy({ id, deletedAt: IsNull() });
      if (!current) throw new NotFound(`Recipient ${id}`);
      await recipients.update({ id }, { deletedAt: this.clock.nowIso() });
      await this.audit.record(tx, actor, {
        action: 'recipient.delete',
        entity: 'recipient',
        entityId: id,
        before: toRecipientView(current),
      });
    });
  }

  /** Everyone who currently receives digests. */
  active(): Promise<RecipientEntity[]> {
    return this.db.reads.getRepository(RecipientEntity).find({ where: { deletedAt: IsNull() }, order: { id: 'ASC' } });
  }
}
