/**
 * The API's answers as the page reads them: names onto the types that `npm run build` makes from the
 * OpenAPI document at /docs-json (generated/api.d.ts), so that an answer the service changes breaks
 * `npm run typecheck` here rather than the page in a browser.
 */
import type { components } from './generated/api';

type Schemas = components['schemas'];

export type SessionUser = Schemas['SessionView'];
export type Role = SessionUser['role'];
export type FieldProblem = Schemas['FieldProblemView'];
export type RowProblem = Schemas['RowProblemView'];

export type Portfolio = Schemas['PortfolioView'];
export type PortfolioPage = Schemas['PortfolioPage'];
export type Scenario = Schemas['ScenarioView'];
export type ScenarioPage = Schemas['ScenarioPage'];

export type Snapshot = Schemas['SnapshotView'];
export type SnapshotPage = Schemas['SnapshotPage'];
export type UploadResult = Schemas['UploadResultView'];

export type Breach = Schemas['BreachView'];
export type Severity = Breach['severity'];
export type BreachStatus = Breach['status'];
export type WaiverRequest = Schemas['WaiverRequestView'];
export type BreachGroup = Schemas['BreachGroupView'];
export type BreachGroupPage = Schemas['BreachGroupPage'];
export type BreachEvent = Schemas['BreachEventView'];
export type Lot = Schemas['BreakdownLotView'];
export type Breakdown = Schemas['BreakdownView'];
export type BreachDetail = Schemas['BreachDetailView'];

export type MonthPoint = Schemas['MonthPointView'];
export type Exposure = Schemas['ExposureView'];
export type Exposures = Schemas['ExposuresView'];

export type Deal = Schemas['DealView'];
export type DealPage = Schemas['DealPage'];
export type Capacity = Schemas['CapacityView'];

export type Run = Schemas['RunView'];
export type RunPage = Schemas['RunPage'];
export type RunDetail = Schemas['RunDetailView'];

export type WhatIf = Schemas['WhatIfView'];
export type WhatIfCheck = Schemas['WhatIfCheckView'];
export type WhatIfFigures = Schemas['WhatIfFiguresView'];
export type NewIssuer = Schemas['NewIssuerView'];
export type CheckStatus = WhatIfFigures['status'];
export type Verdict = WhatIf['verdict'];
