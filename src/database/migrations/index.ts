import { CreateFoundation1764000000000 } from './1764000000000-CreateFoundation.js';
import { AddLimitsAndIssuance1764100000000 } from './1764100000000-AddLimitsAndIssuance.js';
import { AddMonitoring1764200000000 } from './1764200000000-AddMonitoring.js';
import { AddSnapshotBuckets1764300000000 } from './1764300000000-AddSnapshotBuckets.js';
import { HardenRuns1764400000000 } from './1764400000000-HardenRuns.js';
import { BreachWorkflow1764500000000 } from './1764500000000-BreachWorkflow.js';
import { AddDollarDuration1764600000000 } from './1764600000000-AddDollarDuration.js';
import { AddSessions1764700000000 } from './1764700000000-AddSessions.js';
import { AddImportProfiles1764800000000 } from './1764800000000-AddImportProfiles.js';
import { AddGleifReference1764900000000 } from './1764900000000-AddGleifReference.js';
import { AddNaicDesignationsAndPresets1765000000000 } from './1765000000000-AddNaicDesignationsAndPresets.js';
import { AddIssuerLimitExempt1765100000000 } from './1765100000000-AddIssuerLimitExempt.js';
import { AddHealthProbes1765200000000 } from './1765200000000-AddHealthProbes.js';
import { AddUserPortfolios1765400000000 } from './1765400000000-AddUserPortfolios.js';
import { AddErrorIds1765500000000 } from './1765500000000-AddErrorIds.js';
import { AddOutboxInlineImages1765600000000 } from './1765600000000-AddOutboxInlineImages.js';
import { AddFxRates1765700000000 } from './1765700000000-AddFxRates.js';
import { AddCurrencies1765900000000 } from './1765900000000-AddCurrencies.js';
import { AddSingleSignOn1766200000000 } from './1766200000000-AddSingleSignOn.js';

/** Listed by hand: ES modules cannot be globbed by TypeORM at run time. */
export const migrations = [
  CreateFoundation1764000000000,
  AddLimitsAndIssuance1764100000000,
  AddMonitoring1764200000000,
  AddSnapshotBuckets1764300000000,
  HardenRuns1764400000000,
  BreachWorkflow1764500000000,
  AddDollarDuration1764600000000,
  AddSessions1764700000000,
  AddImportProfiles1764800000000,
  AddGleifReference1764900000000,
  AddNaicDesignationsAndPresets1765000000000,
  AddIssuerLimitExempt1765100000000,
  AddHealthProbes1765200000000,
  AddUserPortfolios1765400000000,
  AddErrorIds1765500000000,
  AddOutboxInlineImages1765600000000,
  AddFxRates1765700000000,
  AddCurrencies1765900000000,
  AddSingleSignOn1766200000000,
];
