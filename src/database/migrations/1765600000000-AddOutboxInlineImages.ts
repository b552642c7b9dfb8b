import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Issue 18: a digest's charts travel as PNG images attached inline; the outbox keeps their SVG ([{cid, svg}] as JSON) and renders them when it sends. */
export class AddOutboxInlineImages1765600000000 implements MigrationInterface {
  name = 'AddOutboxInlineImages1765600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.addColumn('outbox', new TableColumn({ name: 'inline_images', type: 'text', isNullable: true }));
  }

  async down(db: QueryRunner): Promise<void> {
    await db.dropColumn('outbox', 'inline_images');
  }
}
