import { Module } from '@nestjs/common';
import { BreachBreakdown } from './breach-breakdown.js';
import { BreachRecorder } from './breach-recorder.js';
import { BreachesController } from './breaches.controller.js';
import { BreachesService } from './breaches.service.js';

@Module({ controllers: [BreachesController], providers: [BreachesService, BreachRecorder, BreachBreakdown], exports: [BreachRecorder] })
export class BreachesModule {}
