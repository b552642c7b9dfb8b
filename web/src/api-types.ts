/** The parts of the API's answers that the page reads (the OpenAPI document at /docs-json has them all). */

export type Role = 'viewer' | 'officer' | 'admin';
export type Severity = 'WARNING' | 'BREACH';
export type BreachStatus = 'OPEN' | 'ACKNOWLEDGED' | 'WAIVED' | 'RESOLVED';

export interface Page<T> {
  items: T[];
  total: number;
}

export interface SessionUser {
  email: string;
  role: Role;
}

export interface FieldProblem {
  field: string;
  message: string;
}

export interface RowProblem {
  row: number;
  column: string;
  message: string;
}

export interface Portfolio {
  code: string;
  name: string;
}

export interface Scenario {
  name: string;
}

export interface Snapshot {
  id: number;
  asOfDate: string;
  rows: number;
  fileName: string;
  createdAt: string;
}

export interface UploadResult {
  snapshotId: number;
  asOfDate: string;
  rows: number;
  replacesSnapshotId: number | null;
  issuersCreated: number;
  warnings: string[];
  duplicate?: boolean;
}

export interface WaiverRequest {
  requestedBy: { id: number; email: string };
  until: string;
  reason: string;
}

export interface Breach {
  id: number;
  portfolio: string;
  limitId: number;
  limit: { id: number; name: string; source: string | null } | null;
  scope: { key: string; label: string };
  kind: 'CURRENT' | 'PROJECTED';
  scenario: string | null;
  severity: Severity;
  exposure: number;
  limitAmount: number;
  utilizationPct: number;
  currentExposure: number;
  projectedBreachDate: string | null;
  breachProbability: number | null;
  status: BreachStatus;
  openedAt: string;
  waivedUntil: string | null;
  lastSeenRunId: number;
  resolution: string | null;
  waiverRequest: WaiverRequest | null;
}

export interface BreachGroup {
  groupKey: string;
  portfolio: string;
  limit: Breach['limit'];
  scope: Breach['scope'];
  severity: Severity;
  status: BreachStatus;
  utilizationPct: number;
  projectedBreachDate: string | null;
  members: Breach[];
}

export interface BreachEvent {
  at: string;
  type: string;
  actor: string;
  text: string | null;
}

export interface Lot {
  row: number;
  issuer: string;
  assetType: string;
  cusip: string | null;
  par: number;
  marketValue: number;
  maturityDate: string | null;
  naicDesignation: string | null;
  contribution: number;
}

export interface Breakdown {
  snapshotId: number | null;
  measure: string;
  members: Array<{ issuerId: number; name: string; lei: string | null; exposure: number }>;
  membersTotal: number;
  lots: Lot[];
  lotsTotal: number;
}

export interface BreachDetail extends Breach {
  history: BreachEvent[];
  breakdown: Breakdown | null;
}

export interface MonthPoint {
  date: string;
  exposure: number;
  limit: number;
  headroom: number;
  utilizationPct: number;
}

export interface Exposure {
  limitId: number;
  limitName: string;
  source: string | null;
  basis: 'ABSOLUTE' | 'PCT_ADMITTED_ASSETS' | 'PCT_CAPITAL_SURPLUS';
  limitPct: number | null;
  basisAmount: number | null;
  scopeKey: string;
  scope: string;
  exposure: number;
  limit: number;
  headroom: number;
  utilizationPct: number;
  status: 'OK' | Severity;
  projectedBreachDate: string | null;
  breachProbability: number | null;
  months: MonthPoint[];
}

export interface Exposures {
  portfolio: string;
  asOfDate: string;
  scenario: string;
  horizonMonths: number;
  items: Exposure[];
}

export interface Deal {
  id: number;
  issuer: { id: number; name: string };
  expectedDate: string;
  amount: number;
  probability: number;
}

export interface Capacity {
  dealId: number;
  maxAllocation: number;
  bindingLimit: { limitId: number; name: string; scopeLabel: string } | null;
  bindingMonth: string | null;
  reason: string;
}

export interface Run {
  id: number;
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  counts: { portfolios: number; breaches: number; warnings: number; opened: number; resolved: number; emails: number } | null;
  error?: string;
}

export type CheckStatus = 'OK' | 'WARNING' | 'BREACH';
export type Verdict = 'PASS' | 'WARNING' | 'BREACH';

export interface WhatIfFigures {
  exposure: number;
  limitAmount: number;
  utilizationPct: number;
  status: CheckStatus;
  projectedStatus: CheckStatus;
  projectedBreachDate: string | null;
}

export interface WhatIfCheck {
  limitId: number;
  name: string;
  source: string | null;
  scopeKey: string;
  scopeLabel: string;
  raisesExposure: boolean;
  before: WhatIfFigures;
  after: WhatIfFigures;
}

export interface NewIssuer {
  issuer: string;
  suggestions: Array<{ issuerId: number; name: string }>;
}

export interface WhatIf {
  portfolio: string;
  scenario: string;
  horizonMonths: number;
  verdict: Verdict;
  projectedVerdict: Verdict;
  checks: WhatIfCheck[];
  newIssuers: NewIssuer[];
}
