import { Module } from '@nestjs/common';
import { LimitsModule } from '../limits/limits.module.js';
import { LimitPresetsController } from './limit-presets.controller.js';
import { LimitPresetsService } from './limit-presets.service.js';

@Module({ imports: [LimitsModule], controllers: [LimitPresetsController], providers: [LimitPresetsService] })
export class LimitPresetsModule {}
