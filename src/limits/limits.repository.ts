import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { LimitVersionEntity } from './limit.entity.js';

/** Limits as other modules ask for them, without knowing their tables. */
@Injectable()
export class LimitsRepository {
  constructor(private readonly db: Database) {}

  /** The limit as it is now: its latest version (a deleted limit's last one too). */
  latestVersion(limitId: number): Promise<LimitVersionEntity | null> {
    return this.db.reads.getRepository(LimitVersionEntity).findOne({ where: { limitId }, order: { version: 'DESC' } });
  }
}
