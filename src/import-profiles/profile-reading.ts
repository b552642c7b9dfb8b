import { UploadRejected, type RowProblem } from '../common/errors.js';
import { normalizeHeader } from '../common/headers.js';
import type { CellDialect, HoldingColumn, MappedHeader } from '../files/holding-columns.js';
import { compileDateFormat, type DateReader } from './date-format.js';
import { toOurNotation, type NumberFormat } from './number-format.js';

/** An import profile as a holdings upload uses it: which of the file's columns are ours, and how it writes. */
export interface ImportProfile {
  name: string;
  /** Our column -> the file's header. */
  columns: Partial<Record<HoldingColumn, string>>;
  dateFormat: string;
  numberFormat: NumberFormat;
  emptyValues: string[];
  include: { column: string; values: string[] } | null;
}

/** The columns a profile's formats apply to (a plain object: this is looked up for every cell). */
const KINDS: Partial<Record<HoldingColumn, 'number' | 'date'>> = {
  par_value: 'number',
  market_value: 'number',
  book_value: 'number',
  coupon_rate: 'number',
  maturity_date: 'date',
  as_of_date: 'date',
};

/** Our columns in words, for messages that name the file's column beside them. */
const LABELS: Record<HoldingColumn, string> = {
  cusip: 'CUSIP',
  isin: 'ISIN',
  issuer_name: 'issuer name',
  issuer_lei: 'issuer LEI',
  ultimate_parent_lei: 'ultimate parent LEI',
  ultimate_parent_name: 'ultimate parent name',
  par_value: 'par value',
  market_value: 'market value',
  book_value: 'book value',
  currency: 'currency',
  maturity_date: 'maturity date',
  coupon_rate: 'coupon rate',
  naic_designation: 'NAIC designation',
  sector: 'sector',
  asset_type: 'asset type',
  as_of_date: 'as-of date',
};

/**
 * Reads a holdings file through a profile: finds its header below any preamble, says which lines
 * are not holdings (left out by the include filter, or a single-cell note such as a disclaimer), and
 * gives the holdings layout a dialect for the cells. Everything else is the layout's, as for our files.
 */
export class ProfileReading {
  private readonly wanted: Array<[HoldingColumn, string]>;
  private readonly includeHeader: string | null;
  private readonly includeValues: Set<string>;
  private includeAt = -1;

  constructor(readonly profile: ImportProfile) {
    this.wanted = Object.entries(profile.columns).map(([column, header]) => [column as HoldingColumn, normalizeHeader(header)]);
    this.includeHeader = profile.include ? normalizeHeader(profile.include.column) : null;
    this.includeValues = new Set(profile.include?.values.map((v) => v.trim().toLowerCase()));
  }

  /** Whether a line holds every header the profile names: the first such line is the header. */
  holdsHeader(cells: string[]): boolean {
    const names = new Set(cells.map((cell) => normalizeHeader(cell ?? '')));
    return this.wanted.every(([, header]) => names.has(header)) && (this.includeHeader === null || names.has(this.includeHeader));
  }

  /** Where our columns are and how cells read when `cells` are the header (line `line`), else null: a line of the preamble. */
  header(cells: string[], line: number): MappedHeader | null {
    if (!this.holdsHeader(cells)) return null;
    const names = cells.map((cell) => normalizeHeader(cell ?? ''));
    const problems: RowProblem[] = [];
    const only = (header: string) => {
      const at = names.indexOf(header);
      if (names.indexOf(header, at + 1) >= 0) {
        problems.push({
          row: line,
          column: cells[at].trim(),
          message: 'this column appears twice in the header: the profile cannot tell which to read',
        });
      }
      return at;
    };
    const index = new Map<HoldingColumn, number>();
    const headers = new Map<HoldingColumn, string>();
    for (const [column, header] of this.wanted) {
      index.set(column, only(header));
      headers.set(column, cells[index.get(column)!].trim());
    }
    if (this.includeHeader !== null) this.includeAt = only(this.includeHeader);
    if (problems.length)
      throw new UploadRejected(`The header is not one import profile ${this.profile.name} can read`, [
        ...new Map(problems.map((p) => [p.column, p])).values(),
      ]);
    return { index, dialect: new ProfileDialect(this.profile, index, headers) };
  }

  /** A line after the header that is no holding: left out by the include filter, or a note of a single cell. */
  skips(cells: string[]): boolean {
    if (cells.length === 1) return true;
    return this.includeAt >= 0 && !this.includeValues.has((cells[this.includeAt] ?? '').trim().toLowerCase());
  }

  /** The answer when no line of the file holds every header. */
  noHeader(): UploadRejected {
    const headers = [...Object.values(this.profile.columns), ...(this.profile.include ? [this.profile.include.column] : [])];
    return new UploadRejected(
      `No line of the file holds every column import profile ${this.profile.name} names: ${[...new Set(headers)].join(', ')}`,
    );
  }
}

/** The profile's formats and empty markers, and problems worded with the file's own column names and values. */
class ProfileDialect implements CellDialect {
  readonly dateFormat: string;
  /** Null for ISO dates, which the layout reads itself. */
  private readonly readDate: DateReader | null;
  private readonly empty: Set<string>;
  private readonly longestEmpty: number;

  constructor(
    private readonly profile: ImportProfile,
    private readonly index: Map<HoldingColumn, number>,
    private readonly headers: Map<HoldingColumn, string>,
  ) {
    this.dateFormat = profile.dateFormat;
    this.readDate = profile.dateFormat === 'YYYY-MM-DD' ? null : compileDateFormat(profile.dateFormat);
    this.empty = new Set(profile.emptyValues.map((v) => v.trim().toLowerCase()));
    this.longestEmpty = Math.max(0, ...[...this.empty].map((v) => v.length));
  }

  read(column: HoldingColumn, raw: string, asOf: string | null): string {
    if (raw === '' || this.isEmptyMarker(raw)) return '';
    const kind = KINDS[column];
    if (kind === undefined) return raw;
    if (kind === 'number') return toOurNotation(raw, this.profile.numberFormat);
    // A date that does not match stays as written: the layout refuses it (an ISO date excepted, which is unambiguous).
    return this.readDate?.(raw, column === 'maturity_date' ? asOf : null) ?? raw;
  }

  problem(row: number, cells: string[], column: HoldingColumn, message: string, hint?: string): RowProblem {
    const header = this.headers.get(column);
    if (header === undefined) return { row, column, message: message.startsWith('is ') ? `${LABELS[column]} ${message}` : message };
    const raw = this.rawCell(cells, this.index.get(column)!);
    return {
      row,
      column: header,
      message: `${LABELS[column]}${raw ? ` ${raw}` : ''} (column ${header}) ${message}${hint ? `; ${hint}` : ''}`,
    };
  }

  private isEmptyMarker(raw: string): boolean {
    return raw.length <= this.longestEmpty && this.empty.has(raw.toLowerCase());
  }

  private rawCell(cells: string[], at: number): string {
    const raw = (cells[at] ?? '').trim();
    return this.isEmptyMarker(raw) ? '' : raw;
  }
}
