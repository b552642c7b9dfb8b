import { FORMER_ISO_4217, ISO_4217 } from '../common/currencies.js';
import { dateProblem } from '../common/dates.js';
import { UploadRejected, type RowProblem } from '../common/errors.js';
import { normalizeHeader } from '../common/headers.js';
import type { ProblemList } from '../common/problem-list.js';
import { isRateText } from '../risk/fx.js';

/** The base of the ECB's reference rates: each of its cells is units of the column's currency per euro. */
export const ECB_BASE = 'EUR';

/** A rate read from a file: on `date`, 1 `base` = `rate` `quote`, the rate as written. */
export interface ReadRate {
  date: string;
  base: string;
  quote: string;
  rate: string;
}

/**
 * `ECB`: the ECB's euro reference rates (`eurofxref-hist.csv`, the daily `eurofxref.csv`): `Date`,
 * then one column per currency, trailing commas, `N/A` or empty where there is no rate.
 * `PAIRS`: a plain `date,base,quote,rate`.
 */
export type FxFileLayout = 'ECB' | 'PAIRS';

const PAIR_COLUMNS = ['date', 'base', 'quote', 'rate'] as const;
const NO_RATE = new Set(['', 'N/A']);
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
/** The ECB's daily file writes its date so: "28 November 2025" (or "03 June 2021"). */
const WRITTEN_DATE = /^(\d{1,2}) ([A-Za-z]+) (\d{4})$/;
const RATE_RULE = 'must be a positive decimal as the ECB writes it, such as 1.0866';
const ECB_RATE_RULE = `${RATE_RULE} (N/A or empty where there is none)`;
const DATE_RULE = 'is not a date: write it YYYY-MM-DD, or as the ECB\'s daily file does, "28 November 2025"';
const CODE_RULE = 'must be an ISO 4217 currency code, such as USD, or a former one the ECB has rates of, such as CYP';

/**
 * Reads an FX rates file record by record (its header first, see readCsvColumns): the rates it
 * gives, keyed by date and pair, and every problem, by line and column. A date and pair given twice
 * with the same rate is read once; with two rates, it is a problem.
 */
export class FxFileReader {
  layout: FxFileLayout | null = null;
  /** By date and pair; each with the line it was read on. */
  readonly rates = new Map<string, ReadRate & { line: number }>();
  /** For ECB: the currency of each column (null: a column without a code, such as the trailing comma's). */
  private columns: Array<string | null> = [];
  private pairColumn: Record<(typeof PAIR_COLUMNS)[number], number> = { date: 0, base: 1, quote: 2, rate: 3 };

  constructor(private readonly problems: ProblemList) {}

  /** Which layout the header is, and its columns; a header that is neither, or names an unknown currency, is refused at once. */
  header(cells: string[]): void {
    const names = cells.map((cell) => normalizeHeader(cell));
    if (PAIR_COLUMNS.every((column) => names.includes(column))) {
      this.layout = 'PAIRS';
      for (const column of PAIR_COLUMNS) this.pairColumn[column] = names.indexOf(column);
      return;
    }
    if (names[0] !== 'date') {
      throw new UploadRejected(
        "The header is neither the ECB's (Date, then one column per currency) nor date,base,quote,rate; nothing was stored",
        [{ row: 1, column: cells[0]?.trim() ?? '', message: 'the first column must be Date' }],
      );
    }
    this.layout = 'ECB';
    this.columns = [null, ...cells.slice(1).map((cell) => cell.trim() || null)];
    const problems = this.columns.flatMap((code, i) => (code === null ? [] : this.headerProblems(code, i)));
    if (problems.length)
      throw new UploadRejected("The header names columns that are not currencies of the ECB's rates; nothing was stored", problems);
  }

  private headerProblems(code: string, index: number): RowProblem[] {
    const problem = (message: string) => [{ row: 1, column: code, message }];
    if (!ISO_4217.has(code) && !FORMER_ISO_4217.has(code)) return problem(CODE_RULE);
    if (code === ECB_BASE) return problem("the ECB's rates are units per euro: EUR is their base, not a column");
    if (this.columns.indexOf(code) !== index) return problem('the currency has two columns');
    return [];
  }

  /** The rates of one line after the header. */
  row(cells: string[], line: number): void {
    if (this.layout === 'PAIRS') this.pairRow(cells, line);
    else this.ecbRow(cells, line);
  }

  private ecbRow(cells: string[], line: number): void {
    const dateText = cells[0].trim();
    const date = readDate(dateText);
    if (!date) this.problems.add([{ row: line, column: 'Date', message: `"${dateText}" ${DATE_RULE}` }]);
    for (let i = 1; i < cells.length; i++) {
      const text = cells[i].trim();
      if (NO_RATE.has(text)) continue;
      const code = this.columns[i] ?? null;
      if (code === null) this.problems.add([{ row: line, column: `column ${i + 1}`, message: `"${text}" is under no currency` }]);
      else if (!isRateText(text)) this.problems.add([{ row: line, column: code, message: `"${text}" ${ECB_RATE_RULE}` }]);
      else if (date) this.add(date, ECB_BASE, code, text, line, code);
    }
  }

  private pairRow(cells: string[], line: number): void {
    const cell = (column: (typeof PAIR_COLUMNS)[number]) => (cells[this.pairColumn[column]] ?? '').trim();
    const problems: RowProblem[] = [];
    const date = readDate(cell('date'));
    if (!date) problems.push({ row: line, column: 'date', message: `"${cell('date')}" ${DATE_RULE}` });
    const [base, quote] = (['base', 'quote'] as const).map((column) => {
      const code = cell(column).toUpperCase();
      if (ISO_4217.has(code) || FORMER_ISO_4217.has(code)) return code;
      problems.push({ row: line, column, message: `"${cell(column)}" ${CODE_RULE}` });
      return null;
    });
    if (base && base === quote) problems.push({ row: line, column: 'quote', message: 'must differ from base' });
    if (!isRateText(cell('rate'))) problems.push({ row: line, column: 'rate', message: `"${cell('rate')}" ${RATE_RULE}` });
    this.problems.add(problems);
    if (!problems.length) this.add(date!, base!, quote!, cell('rate'), line, 'rate');
  }

  private add(date: string, base: string, quote: string, rate: string, line: number, column: string): void {
    const key = `${date}|${base}|${quote}`;
    const earlier = this.rates.get(key);
    if (!earlier) this.rates.set(key, { date, base, quote, rate, line });
    else if (earlier.rate !== rate) {
      const message = `${base}->${quote} on ${date} is ${rate} here and ${earlier.rate} on line ${earlier.line}: give one rate`;
      this.problems.add([{ row: line, column, message }]);
    }
  }
}

/** An ISO date from "2025-11-28" or "28 November 2025"; null for anything else, or a date the service does not take. */
export function readDate(text: string): string | null {
  const written = WRITTEN_DATE.exec(text);
  const month = written ? MONTHS.indexOf(written[2].toLowerCase()) + 1 : 0;
  const iso = written ? `${written[3]}-${String(month).padStart(2, '0')}-${written[1].padStart(2, '0')}` : text;
  return (!written || month > 0) && dateProblem(iso) === null ? iso : null;
}
