import type { EntityManager } from 'typeorm';
import type { Actor } from './roles.js';

export interface AuditChange {
  action: string;
  entity: string;
  entityId: string | number;
  before?: unknown;
  after?: unknown;
}

/**
 * Where auth writes who changed users and sessions. The audit module provides it (it imports auth
 * for its guards, so auth may not import it back).
 */
export abstract class AuditTrail {
  /** Written in the caller's transaction, so a change and its audit entry land together. */
  abstract record(tx: EntityManager, actor: Actor, change: AuditChange): Promise<void>;
}
