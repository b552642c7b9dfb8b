import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn, TextColumn } from '../database/columns.js';
import type { Role } from './roles.js';

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @TextColumn(254)
  email!: string;

  @TextColumn(200)
  name!: string;

  @TextColumn(10)
  role!: Role;

  /** The codes of the portfolios the user is limited to, or null: every portfolio. */
  @Column({ type: 'simple-json', nullable: true })
  portfolios!: string[] | null;

  /** SHA-256 of the API key (hashSecret). */
  @Index('UQ_users_key_hash', { unique: true })
  @TextColumn(64, { name: 'key_hash' })
  keyHash!: string;

  @InstantColumn({ name: 'created_at' })
  createdAt!: string;

  @InstantColumn({ name: 'revoked_at', nullable: true })
  revokedAt!: string | null;
}
