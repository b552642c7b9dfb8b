import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/roles.js';
import { Clock } from '../common/clock.js';
import { dateProblem } from '../common/dates.js';
import { InvalidFields } from '../common/errors.js';
import { ClientGone, type ReceivedUpload } from '../common/multipart.js';
import { counted } from '../shared/plural.js';
import { TimeSlicer } from '../common/time-slice.js';
import { Database } from '../database/database.js';
import { sniffDelimiter, sniffFormat, type TabularFormat } from '../files/tabular-file.js';
import { ImportProfilesService } from '../import-profiles/import-profiles.service.js';
import type { ProfileReading } from '../import-profiles/profile-reading.js';
import { wouldLoop } from '../issuers/family.js';
import type { IssuerDirectory } from '../issuers/issuer-directory.js';
import { IssuersService } from '../issuers/issuers.service.js';
import type { PortfolioEntity } from '../portfolios/portfolio.entity.js';
import { PortfoliosService } from '../portfolios/portfolios.service.js';
import { FxRatesService } from '../fx/fx-rates.service.js';
import { holdingValues } from './holding-values.js';
import type { IssuerMention, RowBatch } from './holdings-reader.js';
import { readHoldingsInWorker } from './holdings-reader-thread.js';
import type { UploadResultView } from './holding.dto.js';
import { HoldingsRepository } from './holdings.repository.js';
import { SnapshotBuckets } from './snapshot-buckets.js';
import { SnapshotRates } from './snapshot-rates.js';
import type { SnapshotEntity } from './snapshot.entity.js';

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
    private readonly issuers: IssuersService,
    private readonly fx: FxRatesService,
  ) {}

  async upload(actor: Actor, code: string, file: ReceivedUpload): Promise<UploadResultView> {
    const portfolio = await this.portfolios.require(code, actor);
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
      if (err instanceof ClientGone)
        this.logger.warn(`Upload to ${code} abandoned by the client after ${Date.now() - started} ms; nothing stored`);
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
    const directory = await this.issuers.directory(tx, now);
    await this.refuseDuplicate(tx, portfolio.id, file.sha256, asOfField);
    const current = await this.holdings.currentSnapshot(portfolio.id, tx);
    const snapshot = await this.holdings.insertSnapshot(tx, {
      portfolioId: portfolio.id,
      asOfDate: asOfField ?? '',
      contentSha256: file.sha256,
      fileName: file.fileName.slice(0, 255),
      format,
      rowCount: 0,
      uploadedBy: actor.id,
      createdAt: now,
      baseCurrency: portfolio.baseCurrency,
      fxRates: null,
    });
    const issuers = new IssuerResolution(directory);
    const writer = this.holdings.holdingsWriter(tx);
    const buckets = new SnapshotBuckets();
    const rates = new SnapshotRates(this.fx, portfolio.baseCurrency, tx);
    const request = {
      path: file.path,
      format,
      delimiter: through?.delimiter,
      asOfField,
      profile: through?.reading.profile ?? null,
    };
    const read = await readHoldingsInWorker(
      request,
      async (batch) => {
        await issuers.resolve(batch);
        await rates.prepare(batch);
        const values = holdingValues(batch, snapshot.id, (key) => issuers.idOf(key), rates);
        buckets.addRows(values);
        await writer.add(values);
      },
      file.signal,
    );
    const rows = await writer.finish();
    const asOfDate = read.asOfDate;
    if (!asOfField) await this.refuseDuplicate(tx, portfolio.id, file.sha256, asOfDate);
    await this.holdings.completeSnapshot(tx, snapshot.id, { asOfDate, rowCount: rows, fxRates: rates.stored() });
    await this.holdings.insertBuckets(tx, snapshot.id, buckets.all(asOfDate));
    await directory.flush();
    const skipped = read.lastLine - 1 - rows;
    const result = {
      snapshotId: snapshot.id,
      portfolio: portfolio.code,
      asOfDate,
      rows,
      // The current holdings of the same date, which this upload takes the place of
      replacesSnapshotId: current?.asOfDate === asOfDate ? current.id : null,
      issuersCreated: directory.created,
      warnings: [...new Set([...read.warnings, ...issuers.warnings])],
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

  private async refuseDuplicate(tx: EntityManager, portfolioId: number, sha256: string, asOfDate: string | null): Promise<void> {
    if (!asOfDate) return;
    const existing = await this.holdings.findDuplicate(portfolioId, sha256, asOfDate, tx);
    if (existing) throw new DuplicateSnapshot(existing);
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
    replacesSnapshotId: null,
    issuersCreated: 0,
    warnings: [],
    duplicate: true,
  };
}

function readAsOfField(value: string | undefined): string | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  const wrong = dateProblem(trimmed);
  if (wrong) throw new InvalidFields([{ field: 'asOfDate', message: `asOfDate ${wrong}` }]);
  return trimmed;
}

/**
 * The issuers of the reader's mentions, resolved (created when new) in the order the rows name
 * them, and the parents the rows declare set as they come.
 */
class IssuerResolution {
  private readonly ids: number[] = [];
  private readonly slicer = new TimeSlicer();
  readonly warnings = new Set<string>();

  constructor(private readonly directory: IssuerDirectory) {}

  /** The id of the issuer that the reader's `key` stands for, once its mention is resolved. */
  idOf(key: number): number {
    return this.ids[key];
  }

  /** Resolves the batch's mentions. */
  async resolve(batch: RowBatch): Promise<void> {
    for (const mention of batch.mentions) {
      this.ids[mention.key] = await this.issuerOf(mention);
      // SQLite answers synchronously: thousands of new issuers would otherwise hold every request.
      await this.slicer.pause();
    }
  }

  private async issuerOf({ ref, parentLei, parentName }: IssuerMention): Promise<number> {
    const { directory } = this;
    const issuer = directory.find(ref) ?? (await directory.resolve(ref))!;
    if (parentLei || parentName) {
      const parent = await directory.resolve({ lei: parentLei, cusip6: null, name: parentName });
      // Vendor files name a top issuer as its own ultimate parent (Oracle's is Oracle): it heads its family.
      if (parent?.id === issuer.id) directory.setParent(issuer, 'declaredParentId', null);
      else if (parent && issuer.declaredParentId !== parent.id && wouldLoop(issuer.id, parent.id, directory.all(), 'declaredParentId')) {
        this.warnings.add(`${parent.name} was not made the parent of ${issuer.name}: the family would loop`);
      } else if (parent) directory.setParent(issuer, 'declaredParentId', parent.id);
      else this.warnings.add(`Ultimate parent LEI ${parentLei} is not a known issuer; add ultimate_parent_name to create it`);
    }
    return issuer.id;
  }
}
