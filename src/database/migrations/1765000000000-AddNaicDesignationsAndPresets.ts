import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { text } from './column-builders.js';

/**
 * Issue 12: a deal's own NAIC designation, and the preset a limit was created from (applying a
 * preset twice to the same portfolio is refused).
 *
 * NAIC_RANGE limits and holding filters count holdings by their own designation. The snapshot
 * buckets have kept it (the designation's number of each holding, `naic`) since they were added,
 * filled for older snapshots from their holdings in AddSnapshotBuckets1764300000000, so existing
 * snapshots need nothing here: the risk core now keeps the buckets apart by it.
 */
export class AddNaicDesignationsAndPresets1765000000000 implements MigrationInterface {
  name = 'AddNaicDesignationsAndPresets1765000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.addColumn('deals', new TableColumn(text('naic_designation', 3, true)));
    await db.addColumn('limits', new TableColumn(text('preset_id', 60, true)));
  }

  async down(db: QueryRunner): Promise<void> {
    await db.dropColumn('limits', 'preset_id');
    await db.dropColumn('deals', 'naic_designation');
  }
}
