import { Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../database/columns.js';

/** The row /health commits to learn whether the database takes writes (Database.probeWrite). */
@Entity('health_probes')
export class HealthProbeEntity {
  @PrimaryColumn({ type: 'integer' })
  id!: number;

  @InstantColumn({ name: 'checked_at' })
  checkedAt!: string;
}
