import { OutboxMessageEntity } from '../alerts/outbox-message.entity.js';
import { BreachNotificationEntity, RecipientEntity } from '../alerts/recipient.entity.js';
import { AuditEntryEntity } from '../audit/audit-entry.entity.js';
import { BreachEntity, BreachEventEntity } from '../breaches/breach.entity.js';
import { EvaluationResultEntity, EvaluationRunEntity } from '../evaluations/evaluation-run.entity.js';
import { SessionEntity } from '../auth/session.entity.js';
import { UserEntity } from '../auth/user.entity.js';
import { HealthProbeEntity } from '../health/health-probe.entity.js';
import { HoldingEntity } from '../holdings/holding.entity.js';
import { ImportProfileEntity } from '../import-profiles/import-profile.entity.js';
import { SnapshotBucketEntity } from '../holdings/snapshot-bucket.entity.js';
import { SnapshotEntity } from '../holdings/snapshot.entity.js';
import { DealEntity } from '../issuance/deal.entity.js';
import { ForecastEntity } from '../issuance/forecast.entity.js';
import { ScenarioEntity } from '../issuance/scenario.entity.js';
import { GleifLeiRecordEntity } from '../issuers/gleif-lei-record.entity.js';
import { GleifRelationshipEntity } from '../issuers/gleif-relationship.entity.js';
import { IssuerEntity } from '../issuers/issuer.entity.js';
import { LimitEntity, LimitVersionEntity } from '../limits/limit.entity.js';
import { PortfolioEntity } from '../portfolios/portfolio.entity.js';

export const entities = [
  UserEntity,
  SessionEntity,
  PortfolioEntity,
  IssuerEntity,
  GleifRelationshipEntity,
  GleifLeiRecordEntity,
  SnapshotEntity,
  HoldingEntity,
  SnapshotBucketEntity,
  AuditEntryEntity,
  LimitEntity,
  LimitVersionEntity,
  DealEntity,
  ForecastEntity,
  ScenarioEntity,
  EvaluationRunEntity,
  EvaluationResultEntity,
  BreachEntity,
  BreachEventEntity,
  RecipientEntity,
  BreachNotificationEntity,
  OutboxMessageEntity,
  ImportProfileEntity,
  HealthProbeEntity,
];
