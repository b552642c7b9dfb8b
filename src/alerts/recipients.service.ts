import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/roles.js';
import { Clock } from '../common/clock.js';
import { Conflict } from '../common/errors.js';
import { toPage, type Page, type PageQuery } from '../common/pagination.js';
import { Database } from '../database/database.js';
import { PortfoliosService } from '../portfolios/portfolios.service.js';
import { toRecipientView, type CreateRecipientDto, type RecipientView } from './recipient.dto.js';
import type { RecipientEntity } from './recipient.entity.js';
import { RecipientsRepository } from './recipients.repository.js';

const DEFAULT_REPEAT_INTERVAL_HOURS = 24;
const DEFAULT_WORSENING_PCT = 10;

/** Who receives the digest emails; removing one keeps the row (soft delete) for the audit trail. */
@Injectable()
export class RecipientsService {
  constructor(
    private readonly db: Database,
    private readonly recipients: RecipientsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly portfolios: PortfoliosService,
  ) {}

  async create(actor: Actor, dto: CreateRecipientDto): Promise<RecipientView> {
    const email = dto.email.trim().toLowerCase();
    return this.db.transaction(async (tx) => {
      if (await this.recipients.hasActive(tx, email)) throw new Conflict(`A recipient with email ${email} already exists`);
      const portfolios = dto.portfolios ? await this.portfolios.requireKnown(tx, dto.portfolios, 'recipient') : null;
      const saved = await this.recipients.save(tx, {
        email,
        portfolios,
        minSeverity: dto.minSeverity,
        repeatIntervalHours: dto.repeatIntervalHours ?? DEFAULT_REPEAT_INTERVAL_HOURS,
        worseningPct: dto.worseningPct ?? DEFAULT_WORSENING_PCT,
        createdAt: this.clock.nowIso(),
        deletedAt: null,
      });
      const view = toRecipientView(saved);
      await this.audit.record(tx, actor, { action: 'recipient.create', entity: 'recipient', entityId: saved.id, after: view });
      return view;
    });
  }

  async list(page: PageQuery): Promise<Page<RecipientView>> {
    return toPage(await this.recipients.activePage(page), toRecipientView);
  }

  async remove(actor: Actor, id: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      const current = await this.recipients.requireActive(id, tx);
      await this.recipients.markRemoved(tx, id, this.clock.nowIso());
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
    return this.recipients.active();
  }
}
