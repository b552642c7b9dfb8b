import { Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CentsColumn, InstantColumn, RateColumn, TextColumn } from '../database/columns.js';

@Entity('portfolios')
export class PortfolioEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Index('UQ_portfolios_code', { unique: true })
  @TextColumn(40)
  code!: string;

  @TextColumn(200)
  name!: string;

  @TextColumn(3, { name: 'base_currency' })
  baseCurrency!: string;

  @CentsColumn({ name: 'admitted_assets_cents' })
  admittedAssetsCents!: number;

  @CentsColumn({ name: 'capital_surplus_cents' })
  capitalAndSurplusCents!: number;

  @RateColumn({ name: 'participation_rate' })
  participationRate!: number;

  @InstantColumn({ name: 'created_at' })
  createdAt!: string;

  @InstantColumn({ name: 'updated_at' })
  updatedAt!: string;
}
