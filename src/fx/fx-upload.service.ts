import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/roles.js';
import { Clock } from '../common/clock.js';
import { UploadRejected } from '../common/errors.js';
import type { ReceivedUpload } from '../common/multipart.js';
import { ProblemList } from '../common/problem-list.js';
import { TimeSlicer } from '../common/time-slice.js';
import { Database } from '../database/database.js';
import { bytesOfFile, readCsvColumns, type FileBytes } from '../files/csv-columns.js';
import { sniffFormat } from '../files/tabular-file.js';
import { openZippedCsv } from '../files/zipped-csv.js';
import { counted } from '../shared/plural.js';
import { FxFileReader, type FxFileLayout, type ReadRate } from './fx-file.js';
import { FxRatesRepository } from './fx-rates.repository.js';
import type { FxUploadView } from './fx.dto.js';

/**
 * Reference rates from a file (SPEC 5.10): the ECB's files as it publishes them (the history, the
 * daily file, or the zip of either) or a plain date,base,quote,rate. Read whole first (the ECB's
 * whole history is about 200,000 rates), then stored in one transaction with the audit entry: all
 * or nothing, a later file's rate replacing the stored one of its date and pair.
 */
@Injectable()
export class FxUploadService {
  private readonly logger = new Logger(FxUploadService.name);

  constructor(
    private readonly db: Database,
    private readonly rates: FxRatesRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async upload(actor: Actor, file: ReceivedUpload): Promise<FxUploadView> {
    const started = Date.now();
    const { layout, rates } = await readRates(await fileBytes(file));
    const result = summary(rates);
    await this.db.transaction(async (tx) => {
      await this.rates.replace(tx, rates, this.clock.nowIso(), actor.email);
      await this.audit.record(tx, actor, {
        action: 'fx.upload',
        entity: 'fx_rate',
        entityId: 'upload',
        after: { ...result, layout, fileName: file.fileName, contentSha256: file.sha256 },
      });
    });
    this.logger.log(
      `FX rates (${layout}): ${counted(rates.length, 'rate')} from ${result.from} to ${result.to} in ${Date.now() - started} ms`,
    );
    return result;
  }
}

/** The CSV of the ECB's zip, or the file itself when it is CSV text. */
async function fileBytes(file: ReceivedUpload): Promise<FileBytes> {
  const zipped = await openZippedCsv(file.path, "an FX rates file (such as the ECB's eurofxref-hist.zip)");
  if (zipped) return zipped;
  if ((await sniffFormat(file.path, file.size)) === 'XLSX')
    throw new UploadRejected('An FX rates file is CSV, as the ECB publishes it (or its zip), not a workbook; nothing was stored');
  return bytesOfFile(file.path);
}

async function readRates(bytes: FileBytes): Promise<{ layout: FxFileLayout; rates: ReadRate[] }> {
  const problems = new ProblemList();
  const reader = new FxFileReader(problems);
  const slicer = new TimeSlicer();
  const everyColumn = (header: string[]) => {
    reader.header(header);
    return header.map((_, i) => i);
  };
  const onRecord = (cells: string[], line: number) => {
    reader.row(cells, line);
    return null;
  };
  for await (const _ of readCsvColumns(bytes, everyColumn, onRecord)) await slicer.pause();
  if (!reader.layout) throw new UploadRejected('The file has no header line; nothing was stored');
  if (!problems.empty) throw new UploadRejected('The FX rates file has invalid cells; nothing was stored', problems.listed, problems.total);
  if (reader.rates.size === 0) throw new UploadRejected('The file has a header but no rates; nothing was stored');
  return { layout: reader.layout, rates: [...reader.rates.values()] };
}

function summary(rates: ReadRate[]): FxUploadView {
  const currencies = new Set<string>();
  let from = rates[0].date;
  let to = from;
  for (const { date, base, quote } of rates) {
    currencies.add(base).add(quote);
    if (date < from) from = date;
    if (date > to) to = date;
  }
  return { ratesRead: rates.length, currencies: [...currencies].sort(), from, to };
}
