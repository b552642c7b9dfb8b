import { detached } from '../common/detached.js';
import { UploadRejected } from '../common/errors.js';
import { ProblemList } from '../common/problem-list.js';
import { ProfileReading, type ImportProfile } from '../import-profiles/profile-reading.js';
import { readTable, type TabularFormat } from '../files/tabular-file.js';
import type { IssuerRef } from '../issuers/issuer-directory.js';
import { BATCH_ROWS, NUMBERS, TEXTS } from './holding-batch.js';
import { HoldingsLayout, type HoldingRow } from './holding-row.js';

/** What reading a holdings file needs, as plain data: it is read on a thread of its own. */
export interface ReadRequest {
  path: string;
  format: TabularFormat;
  /** The CSV separator, when an import profile found it. */
  delimiter?: string;
  /** The form's asOfDate, or null when every row carries its own. */
  asOfField: string | null;
  profile: ImportProfile | null;
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

/**
 * Valid rows, in columns, and the mentions their issuer keys need (in file order). Numbers go in a
 * typed array, which crosses to the main thread without a copy; a text that repeats (a name, a
 * sector, a date) is one string, which crosses once a batch.
 */
export interface RowBatch {
  rows: number;
  /** The rows' as-of date (the form's, or the first row's: every row has the same) */
  asOfDate: string;
  /** Per row: row number, issuer key, par, market and book cents, coupon (NaN when none). */
  numbers: Float64Array;
  /** Per row: asset type, CUSIP, ISIN, issuer name, issuer LEI, currency, maturity date, NAIC designation, sector. */
  texts: Array<string | null>;
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
  const batch = new BatchBuilder();
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
        layout = reading ? profileLayout(reading, cells, line) : readHeader(cells, warnings);
      } else if (!reading?.skips(cells)) {
        const result = layout.read(line, cells, request.asOfField);
        if (result.problems) problems.add(result.problems);
        else if (asOf && result.row.asOfDate !== asOf) {
          problems.add([layout.problem(line, cells, 'as_of_date', `differs from the first row's as-of date ${asOf}`, result.row.asOfDate)]);
        } else if (problems.empty) {
          asOf ??= result.row.asOfDate;
          rows += 1;
          if (batch.add(result.row, mentions.of(result.row, batch.mentions)) === BATCH_ROWS) await sink(batch.take(asOf));
        }
      }
    }
  }
  if (!layout) throw reading ? reading.noHeader() : new UploadRejected('The file has no header line');
  if (!problems.empty) throw new UploadRejected('The file has invalid rows; nothing was stored', problems.listed, problems.total);
  if (rows === 0) throw new UploadRejected('The file has a header but no holdings rows');
  if (batch.rows) await sink(batch.take(asOf!));
  return { rows, lastLine, asOfDate: asOf!, warnings };
}

/** The layout when `cells` are the profile's header, else null: a line of the preamble. */
function profileLayout(reading: ProfileReading, cells: string[], line: number): HoldingsLayout | null {
  const header = reading.header(cells, line);
  return header && HoldingsLayout.mapped(header);
}

function readHeader(cells: string[], warnings: string[]): HoldingsLayout {
  const header = HoldingsLayout.fromHeader(cells);
  if (header.problems.length) throw new UploadRejected('The header is not a holdings file header', header.problems);
  warnings.push(...header.layout.warnings);
  return header.layout;
}

/** Rows into columns, a batch at a time. */
export class BatchBuilder {
  private numbers = new Float64Array(BATCH_ROWS * NUMBERS);
  private texts = new Array<string | null>(BATCH_ROWS * TEXTS);
  private readonly interned = new Interned();
  rows = 0;
  mentions: IssuerMention[] = [];

  /** Adds a row of the issuer `named` (see IssuerMentions); the rows in the batch now. */
  add(row: HoldingRow, named: Named): number {
    const { numbers, texts, interned } = this;
    const n = this.rows * NUMBERS;
    const t = this.rows * TEXTS;
    numbers[n] = row.rowNo;
    numbers[n + 1] = named.key;
    numbers[n + 2] = row.parCents;
    numbers[n + 3] = row.marketCents;
    numbers[n + 4] = row.bookCents;
    numbers[n + 5] = row.couponRate ?? NaN;
    texts[t] = row.assetType;
    texts[t + 1] = row.cusip;
    texts[t + 2] = row.isin;
    texts[t + 3] = named.name;
    texts[t + 4] = named.lei;
    texts[t + 5] = interned.of(row.currency);
    texts[t + 6] = row.maturityDate && interned.of(row.maturityDate);
    texts[t + 7] = row.naicDesignation && interned.of(row.naicDesignation);
    texts[t + 8] = row.sector && interned.of(row.sector);
    return ++this.rows;
  }

  /** The batch so far, of rows as of `asOfDate`; the builder starts a new one. */
  take(asOfDate: string): RowBatch {
    const batch = {
      rows: this.rows,
      asOfDate,
      numbers: this.rows === BATCH_ROWS ? this.numbers : this.numbers.slice(0, this.rows * NUMBERS),
      texts: this.texts.slice(0, this.rows * TEXTS),
      mentions: this.mentions,
    };
    this.numbers = new Float64Array(BATCH_ROWS * NUMBERS);
    this.rows = 0;
    this.mentions = [];
    return batch;
  }
}

/** One string for each value seen (up to a bound), detached from the file's text. */
class Interned {
  private readonly strings = new Map<string, string>();

  of(text: string): string {
    const known = this.strings.get(text);
    if (known !== undefined) return known;
    if (this.strings.size >= 100_000) return text;
    const kept = detached(text);
    this.strings.set(kept, kept);
    return kept;
  }
}

/**
 * Numbers the issuers the rows name (by LEI, CUSIP-6 and name as written), keeps one string of each
 * name and LEI for the batches, and says when an issuer must be
 * mentioned: the first time, and whenever its rows declare a parent other than the last one declared.
 * Looked up by name, then compared: a key string per row would cost more than the whole validation of its LEI.
 */
class IssuerMentions {
  private readonly byName = new Map<string, Named[]>();
  private count = 0;

  of(row: HoldingRow, mentions: IssuerMention[]): Named {
    let named = this.byName.get(row.issuerName);
    const name = named?.[0]?.name ?? detached(row.issuerName);
    if (!named) this.byName.set(name, (named = []));
    let issuer: Named | undefined;
    for (const candidate of named) if (candidate.lei === row.issuerLei && candidate.cusip6 === row.issuerCusip6) issuer ??= candidate;
    if (!issuer) {
      issuer = {
        name,
        lei: row.issuerLei && detached(row.issuerLei),
        cusip6: row.issuerCusip6,
        key: this.count++,
        parentLei: null,
        parentName: null,
      };
      named.push(issuer);
    } else if ((!row.parentLei && !row.parentName) || (row.parentLei === issuer.parentLei && row.parentName === issuer.parentName)) {
      return issuer;
    }
    issuer.parentLei = row.parentLei && detached(row.parentLei);
    issuer.parentName = row.parentName && detached(row.parentName);
    mentions.push({
      key: issuer.key,
      ref: { lei: row.issuerLei, cusip6: row.issuerCusip6, name: row.issuerName },
      parentLei: row.parentLei,
      parentName: row.parentName,
    });
    return issuer;
  }
}

/** An issuer as named in the file, with the parent its rows declared last. */
export interface Named {
  name: string;
  lei: string | null;
  cusip6: string | null;
  key: number;
  parentLei: string | null;
  parentName: string | null;
}
