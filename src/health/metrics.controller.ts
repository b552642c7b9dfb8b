import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyAuth } from '../auth/roles.js';
import { MetricsService } from './metrics.service.js';

@ApiTags('health')
@ApiKeyAuth()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics: process, breaches, outbox and evaluation runs (needs an API key)' })
  @ApiOkResponse({ description: 'The Prometheus text exposition format 0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } })
  scrape(): Promise<string> {
    return this.metrics.scrape();
  }
}
