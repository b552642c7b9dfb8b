import { Module } from '@nestjs/common';
import { BreachRecorder } from './breach-recorder.js';
import { BreachesController } from './breaches.controller.js';
import { BreachesService } from './breaches.service.js';

@Module({ controllers: [BreachesController], providers: [BreachesService, BreachRecorder], exports: [BreachRecorder] })
export class BreachesModule {}
