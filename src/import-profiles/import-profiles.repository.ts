import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { TableRepository } from '../database/table-repository.js';
import { ImportProfileEntity } from './import-profile.entity.js';

@Injectable()
export class ImportProfilesRepository extends TableRepository<ImportProfileEntity> {
  constructor(db: Database) {
    super(db, ImportProfileEntity);
  }
}
