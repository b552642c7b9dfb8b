import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/roles.js';
import { Clock } from '../common/clock.js';
import { Conflict } from '../common/errors.js';
import { toPage, type Page, type PageQuery } from '../common/pagination.js';
import { Database } from '../database/database.js';
import {
  toImportProfileView,
  type CreateImportProfileDto,
  type ImportProfileBodyDto,
  type ImportProfileView,
} from './import-profile.dto.js';
import { ImportProfileEntity } from './import-profile.entity.js';
import { ImportProfilesRepository } from './import-profiles.repository.js';
import { ProfileReading } from './profile-reading.js';

const AUDITED = 'import_profile';

/** Import profiles: admins keep them (audited), uploads read files through them. */
@Injectable()
export class ImportProfilesService {
  constructor(
    private readonly db: Database,
    private readonly profiles: ImportProfilesRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, dto: CreateImportProfileDto): Promise<ImportProfileView> {
    return this.db.transaction(async (tx) => {
      if (await this.profiles.exists(tx, { name: dto.name })) throw new Conflict(`Import profile ${dto.name} already exists`);
      const now = this.clock.nowIso();
      const saved = await this.profiles.save(tx, {
        name: dto.name,
        ...content(dto),
        createdAt: now,
        updatedAt: now,
      });
      const view = toImportProfileView(saved);
      await this.audit.record(tx, actor, { action: 'import_profile.create', entity: AUDITED, entityId: saved.name, after: view });
      return view;
    });
  }

  async list(page: PageQuery): Promise<Page<ImportProfileView>> {
    return toPage(await this.profiles.page(page, { name: 'ASC' }), toImportProfileView);
  }

  async get(name: string): Promise<ImportProfileView> {
    return toImportProfileView(await this.require(name));
  }

  async replace(actor: Actor, name: string, dto: ImportProfileBodyDto): Promise<ImportProfileView> {
    return this.db.transaction(async (tx) => {
      const current = await this.require(name, tx);
      const saved = await this.profiles.save(tx, { ...current, ...content(dto), updatedAt: this.clock.nowIso() });
      const view = toImportProfileView(saved);
      await this.audit.record(tx, actor, {
        action: 'import_profile.replace',
        entity: AUDITED,
        entityId: name,
        before: toImportProfileView(current),
        after: view,
      });
      return view;
    });
  }

  async remove(actor: Actor, name: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const current = await this.require(name, tx);
      await this.profiles.delete(tx, { id: current.id });
      await this.audit.record(tx, actor, {
        action: 'import_profile.delete',
        entity: AUDITED,
        entityId: name,
        before: toImportProfileView(current),
      });
    });
  }

  /** How an upload reads its file through the profile `name` (404 naming it when there is none). */
  async reading(name: string): Promise<ProfileReading> {
    return new ProfileReading(await this.require(name));
  }

  private require(name: string, tx?: EntityManager): Promise<ImportProfileEntity> {
    return this.profiles.require(`Import profile ${name}`, { name }, tx);
  }
}

/** The stored form of a profile's content, defaults filled in. */
function content(dto: ImportProfileBodyDto) {
  return {
    columns: dto.columns,
    dateFormat: dto.dateFormat ?? 'YYYY-MM-DD',
    numberFormat: dto.numberFormat ?? '1,234.56',
    emptyValues: dto.emptyValues ?? [],
    include: dto.include ? { column: dto.include.column, values: dto.include.values } : null,
  } as const;
}
