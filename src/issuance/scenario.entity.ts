import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn, RateColumn, TextColumn } from '../database/columns.js';

@Entity('scenarios')
export class ScenarioEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Index('UQ_scenarios_name', { unique: true })
  @TextColumn(60)
  name!: string;

  @RateColumn({ name: 'issuance_multiplier' })
  issuanceMultiplier!: number;

  @RateColumn({ name: 'probability_override', nullable: true })
  probabilityOverride!: number | null;

  @RateColumn({ name: 'participation_multiplier' })
  participationMultiplier!: number;

  @RateColumn({ name: 'spread_shock_bp' })
  spreadShockBp!: number;

  @RateColumn({ name: 'asset_growth_pct_per_year' })
  assetGrowthPctPerYear!: number;

  @Column({ type: 'boolean', name: 'rollover_maturities' })
  rolloverMaturities!: boolean;

  /** Percent by currency, e.g. {"EUR": -10}: from t >= 1 an amount in that currency is worth that much more (less) in the base currency; null: none */
  @Column({ type: 'simple-json', name: 'fx_shocks', nullable: true })
  fxShocks!: Record<string, number> | null;

  @Column({ type: 'boolean', name: 'built_in' })
  builtIn!: boolean;

  @InstantColumn({ name: 'created_at' })
  createdAt!: string;
}
