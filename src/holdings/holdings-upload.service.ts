import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/roles.js';
import { Clock } from '../common/clock.js';
import { isIsoDate } from '../common/dates.js';
import { InvalidFields, UploadRejected } from '../common/errors.js';
import type { ReceivedUpload } from '../common/multipart.js';
import { counted } from '../common/plural.js';
import { ProblemList } from '../common/problem-list.js';
import { TimeSlicer } from '../common/time-slice.js';
import { readTable, sniffDelimiter, sniffFormat, type TableLine, type TabularFormat } from '../common/tabular-file.js';
import { Database } from '../database/database.js';
import { ImportProfilesService } from '../import-profiles/import-profiles.service.js';
import type { ProfileReading } from '../import-profiles/profile-reading.js';
import { wouldLoop } from '../issuers/family.js';
import { IssuerDirectory } from '../issuers/issuer-directory.js';
import type { PortfolioEntity } from '../portfolios/portfolio.entity.js';
import { PortfoliosService } from '../portfolios/portfolios.service.js';
import { HoldingsLayout, type HoldingRow } from './holding-row.js';
import type { UploadResultView } from './holding.dto.js';
import { HoldingsRepository } from './holdings.repository.js';
import { SnapshotBuckets } from './snapshot-buckets.js';
import type { SnapshotEntity } from './snapshot.entity.js';

interface Ingest {
  tx: EntityManager;
  snapshotId: number;
  directory: IssuerDirectory;
  buckets: SnapshotBuckets;
  warnings: Set<string>;
}

/** An upload read through an import profile, and the CSV separator with which its header was found. */
interface Through {
  reading: ProfileReading;
  delimiter?: string;
}

/** One upload, one immutable snapshot: every row valid and stored, or nothing stored. */
@Injectable()
export class HoldingsUploadService {
  private readonly logger = new Logger(HoldingsUploadService.name);

  constructor(
    private readonly db: Database,
    private readonly holdings: HoldingsRepository,
    private readonly portfolios: PortfoliosService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly profiles: ImportProfilesService,
  ) {}

  async upload(actor: Actor, code: string, file: ReceivedUpload): Promise<UploadResultView> {
    const portfolio = await this.portfolios.require(code);
    const asOfField = readAsOfField(file.fields.asOfDate);
    const profileName = file.fields.profile?.trim();
    const reading = profileName ? await this.profiles.reading(profileName) : null;
    // Without the form's date, the date comes from the rows: the duplicate is known after reading them.
    const known = asOfField ? await this.holdings.findDuplicate(portfolio.id, file.sha256, asOfField) : null;
    if (known) return duplicateView(known, code);
    const format = await sniffFormat(file.path, file.size);
    const through = reading && {
      reading,
      delimiter: format === 'CSV' ? await sniffDelimiter(file.path, (cells) => reading.holdsHeader(cells)) : undefined,
    };
    const started = Date.now();
    try {
      const result = await this.db.transaction((tx) => this.ingest(tx, actor, portfolio, file, format, asOfField, through));
      this.logger.log(`Snapshot ${result.snapshotId} of ${code}: ${counted(result.rows, 'row')} in ${Date.now() - started} ms`);
      return result;
    } catch (err) {
      if (err instanceof DuplicateSnapshot) return duplicateView(err.snapshot, code);
      throw err;
    }
  }

  private async ingest(
    tx: EntityManager,
    actor: Actor,
    portfolio: PortfolioEntity,
    file: ReceivedUpload,
    format: TabularFormat,
    asOfField: string | null,
    through: Through | null,
  ) {
    const now = this.clock.nowIso();
    // Loading the directory takes the issuers lock on PostgreSQL (SQLite writes are serial anyway),
    // so a second upload of the same file sent at the same time finds the first one here.
    const directory = await IssuerDirectory.load(this.db, tx, now);
    await this.refuseDuplicate(tx, portfolio.id, file.sha256, asOfField);
    const snapshot = await this.holdings.insertSnapshot(tx, {
      portfolioId: portfolio.id,
      asOfDate: asOfField ?? '',
      contentSha256: file.sha256,
      fileName: file.fileName.slice(0, 255),
      format,
      rowCount: 0,
      uploadedBy: actor.id,
      createdAt: now,
    });
    const ingest: Ingest = { tx, snapshotId: snapshot.id, directory, buckets: new SnapshotBuckets(), warnings: new Set() };
    const lines = readTable(file.path, format, through?.delimiter);
    const { rows, asOfDate, skipped } = await this.readRows(ingest, lines, asOfField, through?.reading ?? null);
    if (!asOfField) await this.refuseDuplicate(tx, portfolio.id, file.sha256, asOfDate);
    await this.holdings.completeSnapshot(tx, snapshot.id, asOfDate, rows);
    await this.holdings.insertBuckets(tx, snapshot.id, ingest.buckets.all());
    await ingest.directory.flush();
    const result = {
      snapshotId: snapshot.id,
      portfolio: portfolio.code,
      asOfDate,
      rows,
      issuersCreated: ingest.directory.created,
      warnings: [...ingest.warnings],
      ...(through && { skipped }),
    };
    await this.audit.record(tx, actor, {
      action: 'snapshot.create',
      entity: 'snapshot',
      entityId: snapshot.id,
      after: { ...result, fileName: file.fileName, contentSha256: file.sha256, ...(through && { profile: through.reading.profile.name }) },
    });
    return result;
  }

  /**
   * Reads every line even after a problem, so the answer lists them all; stores only while clean.
   * Through a profile, the header is the first line that holds the profile's headers, and the lines
   * that are no holdings are counted: every line but the header is a row stored or one skipped.
   */
  private async readRows(ingest: Ingest, lines: AsyncIterable<TableLine[]>, asOfField: string | null, reading: ProfileReading | null) {
    const problems = new ProblemList();
    const slicer = new TimeSlicer();
    const writer = this.holdings.holdingsWriter(ingest.tx, ingest.snapshotId);
    let layout: HoldingsLayout | null = null;
    let asOf = asOfField;
    let lastLine = 0;
    for await (const batch of lines) {
      for (const { line, cells, malformed } of batch) {
        lastLine = line;
        if (malformed) {
          problems.add([{ row: line, column: '', message: `the line cannot be read as CSV: ${malformed}` }]);
        } else if (!layout) {
          layout = reading ? reading.header(cells, line) : this.readHeader(cells, ingest.warnings);
        } else if (!reading?.skips(cells)) {
          const result = layout.read(line, cells, asOfField);
          if (result.problems) problems.add(result.problems);
          else if (asOf && result.row.asOfDate !== asOf) {
            problems.add([
              layout.problem(line, cells, 'as_of_date', `differs from the first row's as-of date ${asOf}`, result.row.asOfDate),
            ]);
          } else if (problems.empty) {
            asOf ??= result.row.asOfDate;
            const issuerId = await this.issuerOf(ingest, result.row);
            await writer.add(result.row, issuerId);
            ingest.buckets.add(result.row, issuerId);
          }
        }
        await slicer.pause();
      }
    }
    if (!layout) throw reading ? reading.noHeader() : new UploadRejected('The file has no header line');
    if (!problems.empty) throw new UploadRejected('The file has invalid rows; nothing was stored', problems.listed, problems.total);
    const rows = await writer.finish();
    if (rows === 0) throw new UploadRejected('The file has a header but no holdings rows');
    return { rows, asOfDate: asOf!, skipped: lastLine - 1 - rows };
  }

  private async refuseDuplicate(tx: EntityManager, portfolioId: number, sha256: string, asOfDate: string | null): Promise<void> {
    if (!asOfDate) return;
    const existing = await this.holdings.findDuplicate(portfolioId, sha256, asOfDate, tx);
    if (existing) throw new DuplicateSnapshot(existing);
  }

  private readHeader(cells: string[], warnings: Set<string>): HoldingsLayout {
    const header = HoldingsLayout.fromHeader(cells);
    if (header.problems.length) throw new UploadRejected('The header is not a holdings file header', header.problems);
    header.layout.warnings.forEach((w) => warnings.add(w));
    return header.layout;
  }

  private async issuerOf(ingest: Ingest, row: HoldingRow): Promise<number> {
    const { directory } = ingest;
    const ref = { lei: row.issuerLei, cusip6: row.issuerCusip6, name: row.issuerName };
    const issuer = directory.find(ref) ?? (await directory.resolve(ref))!;
    if (row.parentLei || row.parentName) {
      const parent = await directory.resolve({ lei: row.parentLei, cusip6: null, name: row.parentName });
      // Vendor files name a top issuer as its own ultimate parent (Oracle's is Oracle): it heads its family.
      if (parent?.id === issuer.id) directory.setParent(issuer, 'declaredParentId', null);
      else if (parent && issuer.declaredParentId !== parent.id && wouldLoop(issuer.id, parent.id, directory.all(), 'declaredParentId')) {
        ingest.warnings.add(`${parent.name} was not made the parent of ${issuer.name}: the family would loop`);
      } else if (parent) directory.setParent(issuer, 'declaredParentId', parent.id);
      else ingest.warnings.add(`Ultimate parent LEI ${row.parentLei} is not a known issuer; add ultimate_parent_name to create it`);
    }
    return issuer.id;
  }
}

/** Unwinds the upload's transaction when the same file turns out to be stored already. */
class DuplicateSnapshot extends Error {
  constructor(readonly snapshot: SnapshotEntity) {
    super('duplicate snapshot');
  }
}

function duplicateView(snapshot: SnapshotEntity, portfolio: string): UploadResultView {
  return {
    snapshotId: snapshot.id,
    portfolio,
    asOfDate: snapshot.asOfDate,
    rows: snapshot.rowCount,
    issuersCreated: 0,
    warnings: [],
    duplicate: true,
  };
}

function readAsOfField(value: string | undefined): string | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  if (!isIsoDate(trimmed)) throw new InvalidFields([{ field: 'asOfDate', message: 'asOfDate must be a real date YYYY-MM-DD' }]);
  return trimmed;
}
