import { detached } from '../common/detached.js';
import { UploadRejected } from '../common/errors.js';
import { ProblemList } from '../common/problem-list.js';
import { readTable, type TabularFormat } from '../common/tabular-file.js';
import { ProfileReading, type ImportProfile } from '../import-profiles/profile-reading.js';
import type { Value } from '../database/bulk-insert.js';
import type { IssuerRef } from '../issuers/issuer-directory.js';
import { HoldingsLayout, type HoldingRow } from './holding-row.js';

/** The holdings table's columns, in the order of a batch's values. */
export const HOLDING_TABLE_COLUMNS = [
  'snapshot_id',
  'row_no',
  'issuer_id',
  'asset_type',
  'cusip',
  'isin',
  'issuer_name',
  'issuer_lei',
  'par_cents',
  'market_cents',
  'book_cents',
  'currency',
  'maturity_date',
  'coupon_rate',
  'naic_designation',
  'sector',
] as const;
const WIDTH = HOLDING_TABLE_COLUMNS.length;
const ISSUER_SLOT = HOLDING_TABLE_COLUMNS.indexOf('issuer_id');

/** Rows per batch: enough that a batch's trip between threads costs little, few enough to hold several. */
const BATCH_ROWS = 8192;

/** What reading a holdings file needs, as plain data: it is read on a thread of its own. */
export interface ReadRequest {
  path: string;
  format: TabularFormat;
  /** The CSV separator, when an import profile found it. */
  delimiter?: string;
  /** The form's asOfDate, or null when every row carries its own. */
  asOfField: string | null;
  profile: ImportProfile | null;
  snapshotId: number;
}

/**
 * An issuer as rows name it, with the parent they declare: `key` stands for it in the batches'
 * issuer_id column until the issuer is resolved. A key is mentioned again only when its rows
 * declare another parent, so a million rows of two thousand issuers make about two thousand mentions.
 */
export interface IssuerMention {
  key: number;
  ref: IssuerRef;
  parentLei: string | null;
  parentName: string | null;
}

/** Valid rows, whole, in HOLDING_TABLE_COLUMNS order, and the mentions their issuer keys need (in file order). */
export interface RowBatch {
  rows: number;
  values: Value[];
  mentions: IssuerMention[];
}

export interface ReadSummary {
  rows: number;
  /** The file's last line, to count the lines a profile skipped. */
  lastLine: number;
  asOfDate: string;
  /** The header's warnings (unknown columns). */
  warnings: string[];
}

/** Receives the batches; the reader waits for the promise, so a slow receiver holds the reading back. */
export type BatchSink = (batch: RowBatch) => Promise<void> | void;

/** The issuer column's keys in a batch's values, replaced by what `resolve` makes of them. */
export function resolveIssuers(values: Value[], resolve: (key: number) => number): void {
  for (let i = ISSUER_SLOT; i < values.length; i += WIDTH) values[i] = resolve(values[i] as number);
}

/**
 * Reads and validates every line, even after a problem, so that a rejection lists them all; valid
 * rows go to `sink` only while the file is clean. Through a profile, the header is the first line
 * that holds the profile's headers, and lines that are no holdings are left out (and counted by the caller).
 */
export async function readHoldings(request: ReadRequest, sink: BatchSink): Promise<ReadSummary> {
  const reading = request.profile && new ProfileReading(request.profile);
  const problems = new ProblemList();
  const mentions = new IssuerMentions();
  const warnings: string[] = [];
  let batch = emptyBatch();
  let layout: HoldingsLayout | null = null;
  let asOf = request.asOfField;
  let lastLine = 0;
  let rows = 0;
  for await (const lines of readTable(request.path, request.format, request.delimiter)) {
    for (const { line, cells, malformed } of lines) {
      lastLine = line;
      if (malformed) {
        problems.add([{ row: line, column: '', message: `the line cannot be read as CSV: ${malformed}` }]);
      } else if (!layout) {
        layout = reading ? reading.header(cells, line) : readHeader(cells, warnings);
      } else if (!reading?.skips(cells)) {
        const result = layout.read(line, cells, request.asOfField);
        if (result.problems) problems.add(result.problems);
        else if (asOf && result.row.asOfDate !== asOf) {
          problems.add([layout.problem(line, cells, 'as_of_date', `differs from the first row's as-of date ${asOf}`, result.row.asOfDate)]);
        } else if (problems.empty) {
          asOf ??= result.row.asOfDate;
          const key = mentions.keyOf(result.row, batch.mentions);
          addHoldingValues(batch.values, request.snapshotId, key, result.row);
          rows += 1;
          if (++batch.rows === BATCH_ROWS) {
            await sink(batch);
            batch = emptyBatch();
          }
        }
      }
    }
  }
  if (!layout) throw reading ? reading.noHeader() : new UploadRejected('The file has no header line');
  if (!problems.empty) throw new UploadRejected('The file has invalid rows; nothing was stored', problems.listed, problems.total);
  if (rows === 0) throw new UploadRejected('The file has a header but no holdings rows');
  if (batch.rows) await sink(batch);
  return { rows, lastLine, asOfDate: asOf!, warnings };
}

function readHeader(cells: string[], warnings: string[]): HoldingsLayout {
  const header = HoldingsLayout.fromHeader(cells);
  if (header.problems.length) throw new UploadRejected('The header is not a holdings file header', header.problems);
  warnings.push(...header.layout.warnings);
  return header.layout;
}

function emptyBatch(): RowBatch {
  return { rows: 0, values: [], mentions: [] };
}

/** A row's values in HOLDING_TABLE_COLUMNS order; `issuer` is its issuer's key or id. */
export function addHoldingValues(values: Value[], snapshotId: number, issuer: number, row: HoldingRow): void {
  values.push(
    snapshotId,
    row.rowNo,
    issuer,
    row.assetType,
    row.cusip,
    row.isin,
    row.issuerName,
    row.issuerLei,
    row.parCents,
    row.marketCents,
    row.bookCents,
    row.currency,
    row.maturityDate,
    row.couponRate,
    row.naicDesignation,
    row.sector,
  );
}

/**
 * Numbers the issuers the rows name (by LEI, CUSIP-6 and name as written) and says when one must be
 * mentioned: the first time, and whenever its rows declare a parent other than the last one declared.
 * Looked up by name, then compared: a key string per row would cost more than the whole validation of its LEI.
 */
class IssuerMentions {
  private readonly byName = new Map<string, Named[]>();
  private count = 0;

  keyOf(row: HoldingRow, mentions: IssuerMention[]): number {
    let named = this.byName.get(row.issuerName);
    if (!named) this.byName.set(detached(row.issuerName), (named = []));
    let issuer = named.find((n) => n.lei === row.issuerLei && n.cusip6 === row.issuerCusip6);
    if (!issuer) {
      issuer = {
        lei: row.issuerLei && detached(row.issuerLei),
        cusip6: row.issuerCusip6,
        key: this.count++,
        parentLei: null,
        parentName: null,
      };
      named.push(issuer);
    } else if ((!row.parentLei && !row.parentName) || (row.parentLei === issuer.parentLei && row.parentName === issuer.parentName)) {
      return issuer.key;
    }
    issuer.parentLei = row.parentLei && detached(row.parentLei);
    issuer.parentName = row.parentName && detached(row.parentName);
    mentions.push({
      key: issuer.key,
      ref: { lei: row.issuerLei, cusip6: row.issuerCusip6, name: row.issuerName },
      parentLei: row.parentLei,
      parentName: row.parentName,
    });
    return issuer.key;
  }
}

/** An issuer as named in the file, with the parent its rows declared last. */
interface Named {
  lei: string | null;
  cusip6: string | null;
  key: number;
  parentLei: string | null;
  parentName: string | null;
}
