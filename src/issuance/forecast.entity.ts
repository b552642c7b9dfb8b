import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { CentsColumn, InstantColumn, IsoDateColumn, RateColumn, TextColumn } from '../database/columns.js';

/** A run-rate: an annual amount spread evenly over the months from..to. */
@Entity('forecasts')
export class ForecastEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'integer', name: 'issuer_id' })
  issuerId!: number;

  @IsoDateColumn({ name: 'from_date' })
  from!: string;

  @IsoDateColumn({ name: 'to_date' })
  to!: string;

  @CentsColumn({ name: 'annual_amount_cents' })
  annualAmountCents!: number;

  @TextColumn(3, { default: 'USD' })
  currency!: string;

  @RateColumn()
  probability!: number;

  @InstantColumn({ name: 'created_at' })
  createdAt!: string;
}
