import { Injectable } from '@nestjs/common';
import { EvaluationsService } from '../evaluations/evaluations.service.js';
import { reportCsv, type Report, type ReportItem } from './report.js';
import { reportHtml } from './report-html.js';

/** A past run, shown as it was recorded: the report reads the run's stored results only. */
@Injectable()
export class ReportsService {
  constructor(private readonly evaluations: EvaluationsService) {}

  async render(id: number, format: 'json' | 'csv' | 'html') {
    const { results, inputs: _inputs, counts: _counts, ...run } = await this.evaluations.get(id);
    const report: Report = { run, items: results as ReportItem[] };
    if (format === 'csv') return { contentType: 'text/csv; charset=utf-8', body: reportCsv(report), fileName: `breach-report-${id}.csv` };
    if (format === 'html') return { contentType: 'text/html; charset=utf-8', body: reportHtml(report), fileName: null };
    return { contentType: 'application/json; charset=utf-8', body: report, fileName: null };
  }
}
