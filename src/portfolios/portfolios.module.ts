import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { PortfolioEntity } from './portfolio.entity.js';
import { PortfoliosController } from './portfolios.controller.js';
import { PortfoliosService } from './portfolios.service.js';

@Module({
  imports: [DatabaseModule.forFeature([PortfolioEntity])],
  controllers: [PortfoliosController],
  providers: [PortfoliosService],
  exports: [PortfoliosService],
})
export class PortfoliosModule {}
