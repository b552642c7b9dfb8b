import { Global, Module } from '@nestjs/common';
import { PortfolioCatalog } from '../auth/portfolio-catalog.js';
import { DatabaseModule } from '../database/database.module.js';
import { PortfolioEntity } from './portfolio.entity.js';
import { PortfoliosController } from './portfolios.controller.js';
import { PortfoliosRepository } from './portfolios.repository.js';
import { PortfoliosService } from './portfolios.service.js';

/** Global: every feature names rows by portfolio, and auth asks it which exist (PortfolioCatalog). */
@Global()
@Module({
  imports: [DatabaseModule.forFeature([PortfolioEntity])],
  controllers: [PortfoliosController],
  providers: [PortfoliosService, PortfoliosRepository, { provide: PortfolioCatalog, useExisting: PortfoliosService }],
  exports: [PortfoliosService, PortfolioCatalog],
})
export class PortfoliosModule {}
