import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/roles.js';
import { Clock } from '../common/clock.js';
import { ISO_4217_RULE, isIso4217 } from '../common/currencies.js';
import { dateProblem } from '../common/dates.js';
import { UploadRejected, type RowProblem } from '../common/errors.js';
import { normalizeHeader } from '../common/headers.js';
import { isValidLei, normalizeIdentifier } from '../common/identifiers.js';
import { parseMoney } from '../common/money.js';
import { NAIC_DESIGNATION, NAIC_DESIGNATION_RULE } from '../common/naic.js';
import type { ReceivedUpload } from '../common/multipart.js';
import { ProblemList } from '../common/problem-list.js';
import { Database } from '../database/database.js';
import { dataLines, sniffFormat } from '../files/tabular-file.js';
import { IssuersService } from '../issuers/issuers.service.js';
import { MAX_PIPELINE_MONTHS, monthsSpanned, requireRoomForDeals } from './deal-bounds.js';
import type { DealEntity } from './deal.entity.js';
import { DealsRepository } from './deals.repository.js';
import type { DealsUploadView } from './issuance.dto.js';

/** The amount's column: `amount`, in the row's currency; `amount_usd`, the name of the first layout, is taken alike. */
const AMOUNT_COLUMNS = ['amount', 'amount_usd'];

/** Deals from a file shaped like shared/data/issuance-pipeline.csv; all rows stored or none. */
@Injectable()
export class DealsUploadService {
  constructor(
    private readonly db: Database,
    private readonly stored: DealsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly issuers: IssuersService,
  ) {}

  async upload(actor: Actor, file: ReceivedUpload): Promise<DealsUploadView> {
    const format = await sniffFormat(file.path, file.size);
    return this.db.transaction(async (tx) => {
      const now = this.clock.nowIso();
      const directory = await this.issuers.directory(tx, now);
      const problems = new ProblemList();
      const deals: Array<Omit<DealEntity, 'id'>> = [];
      const span = new PipelineSpan();
      for await (const { line, header, cell: at } of dataLines(file.path, format, problems, readHeader)) {
        const cell = (name: string) => at(header.get(name));
        const rowProblems: RowProblem[] = [];
        const deal = readDeal(cell, header.has('amount') ? 'amount' : 'amount_usd', line, rowProblems);
        const lei = normalizeIdentifier(cell('issuer_lei')) || null;
        if (lei && !isValidLei(lei))
          rowProblems.push({ row: line, column: 'issuer_lei', message: `"${lei}" is not a valid LEI (ISO 17442)` });
        const ref = { lei, cusip6: normalizeIdentifier(cell('cusip6')) || null, name: cell('issuer_name') || null };
        if (!ref.lei && !ref.cusip6 && !ref.name)
          rowProblems.push({ row: line, column: 'issuer_name', message: 'give issuer_name, issuer_lei or cusip6' });
        problems.add(rowProblems);
        if (rowProblems.length || !problems.empty) continue;
        const issuer = await directory.resolve(ref);
        if (!issuer) problems.add([{ row: line, column: 'issuer_name', message: 'no issuer matches; give issuer_name to create it' }]);
        else {
          deals.push({ ...deal!, issuerId: issuer.id, createdAt: now, updatedAt: now });
          span.add(line, deal!.expectedDate, issuer);
        }
      }
      problems.add(span.problems());
      if (!problems.empty) throw new UploadRejected('The deals file has invalid rows; nothing was stored', problems.listed, problems.total);
      if (!deals.length) throw new UploadRejected('The file has a header but no deals');
      await requireRoomForDeals(this.stored, tx, span.dealsByIssuer);
      await this.stored.saveAll(tx, deals, 200);
      await directory.flush();
      const result = { deals: deals.length, issuersCreated: directory.created };
      await this.audit.record(tx, actor, {
        action: 'deal.upload',
        entity: 'deal',
        entityId: 'upload',
        after: { ...result, fileName: file.fileName },
      });
      return result;
    });
  }
}

function readHeader(cells: string[]): Map<string, number> {
  const header = new Map(cells.map((cell, i) => [normalizeHeader(cell ?? ''), i] as const));
  const missing = ['expected_date']
    .filter((c) => !header.has(c))
    .map((column) => ({
      row: 1,
      column,
      message: `the header has no ${column} column`,
    }));
  if (!AMOUNT_COLUMNS.some((c) => header.has(c)))
    missing.push({ row: 1, column: 'amount_usd', message: 'the header has no amount (or amount_usd) column' });
  if (missing.length) throw new UploadRejected('The header is not an issuance pipeline header', missing);
  return header;
}

function readDeal(cell: (name: string) => string, amountColumn: string, row: number, problems: RowProblem[]) {
  const fail = (column: string, message: string) => void problems.push({ row, column, message });
  const expectedDate = cell('expected_date');
  const wrongDate = dateProblem(expectedDate);
  if (wrongDate) fail('expected_date', `"${expectedDate}" ${wrongDate}`);
  let amountCents = 0;
  try {
    amountCents = parseMoney(cell(amountColumn));
  } catch (err) {
    fail(amountColumn, `"${cell(amountColumn)}" ${(err as Error).message}`);
  }
  const currency = (cell('currency') || 'USD').toUpperCase();
  if (!isIso4217(currency)) fail('currency', `"${cell('currency')}" ${ISO_4217_RULE}`);
  const probability = cell('probability') === '' ? 1 : Number(cell('probability'));
  if (!(probability >= 0 && probability <= 1)) fail('probability', 'must be a number from 0 to 1');
  const tenor = cell('tenor_years') === '' ? null : Number(cell('tenor_years'));
  if (tenor !== null && !(tenor >= 0 && tenor <= 100)) fail('tenor_years', 'must be a number of years from 0 to 100');
  const naicDesignation = cell('naic_designation').toUpperCase() || null;
  if (naicDesignation && !NAIC_DESIGNATION.test(naicDesignation)) fail('naic_designation', `"${naicDesignation}" ${NAIC_DESIGNATION_RULE}`);
  const source = cell('source').slice(0, 200) || null;
  const notes = cell('notes') || null;
  return problems.length
    ? null
    : { expectedDate, amountCents, currency, probability, tenorYears: tenor, naicDesignation, source, notes, forecastId: null };
}

/** The expected dates a pipeline file spans, and the deals it adds to each issuer. */
class PipelineSpan {
  private first: { row: number; date: string } | null = null;
  private last: { row: number; date: string } | null = null;
  readonly dealsByIssuer = new Map<number, { name: string; deals: number }>();

  add(row: number, date: string, issuer: { id: number; name: string }): void {
    if (!this.first || date < this.first.date) this.first = { row, date };
    if (!this.last || date > this.last.date) this.last = { row, date };
    const counted = this.dealsByIssuer.get(issuer.id) ?? { name: issuer.name, deals: 0 };
    counted.deals += 1;
    this.dealsByIssuer.set(issuer.id, counted);
  }

  problems(): RowProblem[] {
    if (!this.first || !this.last) return [];
    const months = monthsSpanned(this.first.date, this.last.date);
    if (months <= MAX_PIPELINE_MONTHS) return [];
    const message = `"${this.last.date}" is ${months} months from the earliest deal (${this.first.date}, row ${this.first.row}); a pipeline spans at most ${MAX_PIPELINE_MONTHS} months`;
    return [{ row: this.last.row, column: 'expected_date', message }];
  }
}
