import { Readable } from 'node:stream';
import { Injectable, StreamableFile } from '@nestjs/common';
import { TimeSlicer } from '../common/time-slice.js';
import { EvaluationsService } from '../evaluations/evaluations.service.js';
import { toRunView } from '../evaluations/evaluation.dto.js';
import type { ReportFormat } from './report.dto.js';
import { csvHeader, csvLine, type Report, type ReportItem } from './report.js';
import { reportHtml } from './report-html.js';

/**
 * A past run, shown as it was recorded: the report reads the run's stored results only. JSON and
 * CSV are streamed an item at a time, so that a run of thousands of results neither holds the
 * event loop nor the whole document in memory.
 */
@Injectable()
export class ReportsService {
  constructor(private readonly evaluations: EvaluationsService) {}

  async render(id: number, format: ReportFormat): Promise<StreamableFile> {
    const { counts: _counts, ...run } = toRunView(await this.evaluations.runOf(id));
    const items = this.items(id);
    if (format === 'csv') {
      return new StreamableFile(Readable.from(csvChunks(items)), {
        type: 'text/csv; charset=utf-8',
        disposition: `attachment; filename="breach-report-${id}.csv"`,
      });
    }
    if (format === 'html')
      return new StreamableFile(Buffer.from(reportHtml({ run, items: await collect(items) })), { type: 'text/html; charset=utf-8' });
    return new StreamableFile(Readable.from(jsonChunks(run, items)), { type: 'application/json; charset=utf-8' });
  }

  private async *items(id: number): AsyncGenerator<ReportItem> {
    const slicer = new TimeSlicer();
    for await (const result of this.evaluations.resultsOf(id)) {
      yield result as ReportItem;
      await slicer.pause();
    }
  }
}

async function* csvChunks(items: AsyncIterable<ReportItem>): AsyncGenerator<string> {
  yield csvHeader();
  for await (const item of items) yield csvLine(item);
}

async function* jsonChunks(run: Report['run'], items: AsyncIterable<ReportItem>): AsyncGenerator<string> {
  yield `{"run":${JSON.stringify(run)},"items":[`;
  let first = true;
  for await (const item of items) {
    yield `${first ? '' : ','}${JSON.stringify(item)}`;
    first = false;
  }
  yield ']}';
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
