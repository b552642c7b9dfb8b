import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { boolean, cents, id, instant, integer, longText, rate, text } from './column-builders.js';

const BUILT_IN_SCENARIOS = [
  { name: 'base', issuanceMultiplier: 1, probabilityOverride: null, participationMultiplier: 1, spreadShockBp: 0 },
  { name: 'full-pipeline', issuanceMultiplier: 1, probabilityOverride: 1, participationMultiplier: 1, spreadShockBp: 0 },
  { name: 'stress', issuanceMultiplier: 1.5, probabilityOverride: 1, participationMultiplier: 1.5, spreadShockBp: 30 },
];

export class AddLimitsAndIssuance1764100000000 implements MigrationInterface {
  name = 'AddLimitsAndIssuance1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.createTable(
      new Table({ name: 'limits', columns: [id, integer('current_version'), instant('created_at'), instant('deleted_at', true)] }),
    );
    await db.createTable(
      new Table({
        name: 'limit_versions',
        columns: [
          id,
          integer('limit_id'),
          integer('version'),
          text('name', 200),
          integer('portfolio_id', true),
          longText('scope'),
          text('measure', 16),
          text('basis', 24),
          cents('limit_amount_cents', true),
          rate('limit_pct', true),
          rate('warn_at_pct'),
          text('effective_from', 10, true),
          text('effective_to', 10, true),
          instant('created_at'),
        ],
        indices: [new TableIndex({ name: 'UQ_limit_versions_limit_version', columnNames: ['limit_id', 'version'], isUnique: true })],
      }),
    );
    await db.createTable(
      new Table({
        name: 'deals',
        columns: [
          id,
          integer('issuer_id'),
          text('expected_date', 10),
          cents('amount_cents'),
          rate('probability'),
          rate('tenor_years', true),
          text('source', 200, true),
          longText('notes', true),
          integer('forecast_id', true),
          instant('created_at'),
          instant('updated_at'),
        ],
        indices: [new TableIndex({ name: 'IX_deals_issuer', columnNames: ['issuer_id'] })],
      }),
    );
    await db.createTable(
      new Table({
        name: 'forecasts',
        columns: [
          id,
          integer('issuer_id'),
          text('from_date', 10),
          text('to_date', 10),
          cents('annual_amount_cents'),
          rate('probability'),
          instant('created_at'),
        ],
      }),
    );
    await db.createTable(
      new Table({
        name: 'scenarios',
        columns: [
          id,
          text('name', 60),
          rate('issuance_multiplier'),
          rate('probability_override', true),
          rate('participation_multiplier'),
          rate('spread_shock_bp'),
          rate('asset_growth_pct_per_year'),
          boolean('rollover_maturities'),
          boolean('built_in'),
          instant('created_at'),
        ],
        indices: [new TableIndex({ name: 'UQ_scenarios_name', columnNames: ['name'], isUnique: true })],
      }),
    );
    const columns = [
      'name',
      'issuance_multiplier',
      'probability_override',
      'participation_multiplier',
      'spread_shock_bp',
      'asset_growth_pct_per_year',
      'rollover_maturities',
      'built_in',
      'created_at',
    ];
    const placeholders = columns.map((_, i) => (db.connection.options.type === 'postgres' ? `$${i + 1}` : '?')).join(', ');
    const now = new Date().toISOString();
    for (const s of BUILT_IN_SCENARIOS) {
      await db.query(`INSERT INTO "scenarios" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${placeholders})`, [
        s.name,
        s.issuanceMultiplier,
        s.probabilityOverride,
        s.participationMultiplier,
        s.spreadShockBp,
        0,
        false,
        true,
        now,
      ]);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['scenarios', 'forecasts', 'deals', 'limit_versions', 'limits']) await db.dropTable(table);
  }
}
