import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { TableRepository } from '../database/table-repository.js';
import { ScenarioEntity } from './scenario.entity.js';

@Injectable()
export class ScenariosRepository extends TableRepository<ScenarioEntity> {
  constructor(db: Database) {
    super(db, ScenarioEntity);
  }

  /** Every scenario, the built-in ones first (by id). */
  all(): Promise<ScenarioEntity[]> {
    return this.table().find({ order: { id: 'ASC' } });
  }
}
