import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn, TextColumn } from '../database/columns.js';

/** A sign-in on the web page: the cookie holds the token, the database only its hash. */
@Entity('sessions')
export class SessionEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Index('UQ_sessions_token_hash', { unique: true })
  @TextColumn(64, { name: 'token_hash' })
  tokenHash!: string;

  @Column({ type: 'integer', name: 'user_id' })
  userId!: number;

  @InstantColumn({ name: 'created_at' })
  createdAt!: string;

  @InstantColumn({ name: 'expires_at' })
  expiresAt!: string;
}
