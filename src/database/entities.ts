import { AuditEntryEntity } from '../audit/audit-entry.entity.js';
import { UserEntity } from '../auth/user.entity.js';
import { HoldingEntity } from '../holdings/holding.entity.js';
import { SnapshotEntity } from '../holdings/snapshot.entity.js';
import { IssuerEntity } from '../issuers/issuer.entity.js';
import { PortfolioEntity } from '../portfolios/portfolio.entity.js';

export const entities = [UserEntity, PortfolioEntity, IssuerEntity, SnapshotEntity, HoldingEntity, AuditEntryEntity];
