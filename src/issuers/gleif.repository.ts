import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { BulkInserter } from '../database/bulk-insert.js';
import { Database } from '../database/database.js';
import type { GleifFileKind } from './gleif-file.js';
import { GleifLeiRecordEntity } from './gleif-lei-record.entity.js';
import { GleifRelationshipEntity } from './gleif-relationship.entity.js';

const TABLES: Record<GleifFileKind, { entity: typeof GleifRelationshipEntity | typeof GleifLeiRecordEntity; columns: string[] }> = {
  RELATIONSHIPS: { entity: GleifRelationshipEntity, columns: ['line', 'child_lei', 'parent_lei', 'consolidation'] },
  LEI_RECORDS: { entity: GleifLeiRecordEntity, columns: ['line', 'lei', 'legal_name'] },
};

/**
 * GLEIF's reference data (the relationships and the legal names of parents): the only code that
 * knows its tables. Read in the caller's transaction when one is given, else outside any.
 */
@Injectable()
export class GleifRepository {
  constructor(private readonly db: Database) {}

  /**
   * Each child's parent: the one that ultimately consolidates it, else the one that directly does;
   * between two of a kind, the earlier line of the file.
   */
  async parentsOf(childLeis: string[], manager: EntityManager = this.db.reads.manager): Promise<Map<string, string>> {
    const parents = new Map<string, string>();
    if (childLeis.length === 0) return parents;
    const rows = await manager.getRepository(GleifRelationshipEntity).find({ where: { childLei: In(childLeis) }, order: { line: 'ASC' } });
    for (const consolidation of ['ULTIMATE', 'DIRECT']) {
      for (const row of rows)
        if (row.consolidation === consolidation && !parents.has(row.childLei)) parents.set(row.childLei, row.parentLei);
    }
    return parents;
  }

  /** The LEIs that the relationships make parents: those whose legal names are worth keeping. */
  async parentLeis(tx: EntityManager): Promise<Set<string>> {
    const rows: Array<{ parent_lei: string }> = await tx
      .createQueryBuilder(GleifRelationshipEntity, 'r')
      .select('r.parentLei', 'parent_lei')
      .distinct(true)
      .getRawMany();
    return new Set(rows.map((row) => row.parent_lei));
  }

  async legalNames(leis: string[], manager: EntityManager = this.db.reads.manager): Promise<Map<string, string>> {
    if (leis.length === 0) return new Map();
    const rows = await manager.getRepository(GleifLeiRecordEntity).find({ where: { lei: In(leis) }, order: { line: 'DESC' } });
    return new Map(rows.map((row) => [row.lei, row.legalName]));
  }

  /**
   * Empties the table of that file's kind and returns the writer of its new rows: a newer file
   * replaces the older one. On PostgreSQL a second upload of the same kind waits for this one
   * (EXCLUSIVE still lets readers in, as DELETE does where TRUNCATE would lock them out until the
   * upload commits: a holdings upload creating issuers reads the table).
   */
  async replace(tx: EntityManager, kind: GleifFileKind): Promise<BulkInserter> {
    const { entity, columns } = TABLES[kind];
    const table = tx.getRepository(entity).metadata.tableName;
    if (tx.connection.options.type === 'postgres') await tx.query(`LOCK TABLE "${table}" IN EXCLUSIVE MODE`);
    await tx.createQueryBuilder().delete().from(entity).execute();
    return new BulkInserter(tx, table, columns);
  }
}
