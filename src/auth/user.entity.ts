import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn, TextColumn } from '../database/columns.js';
import type { Role } from './roles.js';

@Entity('users')
@Index('IX_users_oidc_identity', ['oidcIssuer', 'oidcSubject'])
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

  /** Who signs in as this user by single sign-on: the provider's issuer and its `sub` for the person (null: API key only). */
  @TextColumn(500, { name: 'oidc_issuer', nullable: true })
  oidcIssuer!: string | null;

  @TextColumn(255, { name: 'oidc_subject', nullable: true })
  oidcSubject!: string | null;
}
