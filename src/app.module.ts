import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { AlertsModule } from './alerts/alerts.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { BreachesModule } from './breaches/breaches.module.js';
import { EvaluationsModule } from './evaluations/evaluations.module.js';
import { FxModule } from './fx/fx.module.js';
import { Clock, SystemClock } from './common/clock.js';
import { ErrorShapeFilter } from './http/error-shape.filter.js';
import { UploadLeftovers } from './common/upload-folders.js';
import { Instance } from './common/instance.js';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { HoldingsModule } from './holdings/holdings.module.js';
import { ImportProfilesModule } from './import-profiles/import-profiles.module.js';
import { IssuanceModule } from './issuance/issuance.module.js';
import { IssuersModule } from './issuers/issuers.module.js';
import { LimitPresetsModule } from './limit-presets/limit-presets.module.js';
import { LimitsModule } from './limits/limits.module.js';
import { PortfoliosModule } from './portfolios/portfolios.module.js';
import { PreTradeModule } from './pre-trade/pre-trade.module.js';
import { ProjectionModule } from './projection/projection.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { SsoModule } from './sso/sso.module.js';
import { WebModule } from './web/web.module.js';

export interface AppOptions {
  clock?: Clock;
}

@Global()
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DatabaseModule.forRoot(),
        AuditModule,
        AuthModule,
        SsoModule,
        PortfoliosModule,
        FxModule,
        IssuersModule,
        ImportProfilesModule,
        HoldingsModule,
        LimitsModule,
        LimitPresetsModule,
        IssuanceModule,
        ProjectionModule,
        PreTradeModule,
        AlertsModule,
        BreachesModule,
        EvaluationsModule,
        ReportsModule,
        ScheduleModule.forRoot(),
        HealthModule,
        WebModule,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        Instance,
        { provide: APP_FILTER, useClass: ErrorShapeFilter },
        UploadLeftovers,
      ],
      exports: [APP_CONFIG, Clock, Instance],
    };
  }
}
