import { UploadRejected } from '../common/errors.js';
import { ProblemList } from '../common/problem-list.js';
import { FxFileReader, readDate } from './fx-file.js';

/** The header's and lines' cells as readCsvColumns gives them: split at commas, untrimmed. */
function read(lines: string[]): { reader: FxFileReader; problems: ProblemList } {
  const problems = new ProblemList();
  const reader = new FxFileReader(problems);
  reader.header(lines[0].split(','));
  lines.slice(1).forEach((line, i) => reader.row(line.split(','), i + 2));
  return { reader, problems };
}

const rates = (reader: FxFileReader) =>
  [...reader.rates.values()].map(({ date, base, quote, rate }) => `${date} ${base}->${quote} ${rate}`);

describe('reading an FX rates file', () => {
  it("reads the ECB's history: Date, a column per currency, N/A and empty cells, trailing commas", () => {
    const { reader, problems } = read(['Date,USD,CYP,GBP,', '2025-12-01,1.1609,N/A,0.87755,', '2025-11-28,1.1581,,0.87650,']);
    expect(problems.empty).toBe(true);
    expect(reader.layout).toBe('ECB');
    expect(rates(reader)).toEqual([
      '2025-12-01 EUR->USD 1.1609',
      '2025-12-01 EUR->GBP 0.87755',
      '2025-11-28 EUR->USD 1.1581',
      '2025-11-28 EUR->GBP 0.87650',
    ]);
  });

  it("reads the ECB's daily file: spaces after the commas, the date written out", () => {
    const { reader, problems } = read(['Date, USD, JPY, ', '02 December 2025, 1.1615, 180.79, ']);
    expect(problems.empty).toBe(true);
    expect(rates(reader)).toEqual(['2025-12-02 EUR->USD 1.1615', '2025-12-02 EUR->JPY 180.79']);
  });

  it('reads a plain date,base,quote,rate in any column order and case', () => {
    const { reader, problems } = read(['Rate,Date,Base,Quote', '1.3968,2025-11-28,usd,CAD']);
    expect(problems.empty).toBe(true);
    expect(reader.layout).toBe('PAIRS');
    expect(rates(reader)).toEqual(['2025-11-28 USD->CAD 1.3968']);
  });

  it('names the line and column of each bad cell', () => {
    const { problems } = read(['Date,USD,GBP,', '2025-11-28,1.1581,0.8765O,', '2025-02-30,-1.05,N/A,', '2025-11-27,1.1594,0.87690,7,']);
    expect(problems.listed).toEqual([
      { row: 2, column: 'GBP', message: expect.stringContaining('"0.8765O" must be a positive decimal') },
      { row: 3, column: 'Date', message: expect.stringContaining('"2025-02-30" is not a date') },
      { row: 3, column: 'USD', message: expect.stringContaining('"-1.05" must be a positive decimal') },
      { row: 4, column: 'column 4', message: '"7" is under no currency' },
    ]);
  });

  it('names each bad cell of a plain file, and a date and pair given two rates', () => {
    const { problems } = read([
      'date,base,quote,rate',
      '2025-11-28,EUR,EUR,1',
      '2025-11-28,EURO,USD,0',
      '2025-11-28,EUR,USD,1.1581',
      '2025-11-28,EUR,USD,1.1581',
      '2025-11-28,EUR,USD,1.1590',
    ]);
    expect(problems.listed).toEqual([
      { row: 2, column: 'quote', message: 'must differ from base' },
      { row: 3, column: 'base', message: expect.stringContaining('"EURO" must be an ISO 4217 currency code') },
      { row: 3, column: 'rate', message: expect.stringContaining('"0" must be a positive decimal') },
      { row: 6, column: 'rate', message: 'EUR->USD on 2025-11-28 is 1.1590 here and 1.1581 on line 4: give one rate' },
    ]);
  });

  it('refuses a header column that is no currency, EUR, or a currency twice, at once', () => {
    const refusal = () => read(['Date,USD,EURO,EUR,USD,CYP,']);
    expect(refusal).toThrow(UploadRejected);
    try {
      refusal();
    } catch (err) {
      expect((err as UploadRejected).details).toEqual([
        { row: 1, column: 'EURO', message: expect.stringContaining('must be an ISO 4217 currency code') },
        { row: 1, column: 'EUR', message: "the ECB's rates are units per euro: EUR is their base, not a column" },
        { row: 1, column: 'USD', message: 'the currency has two columns' },
      ]);
    }
    expect(() => read(['Day,USD,', '2025-11-28,1.1581,'])).toThrow(/neither the ECB's/);
  });
});

describe('readDate', () => {
  it.each([
    ['2025-11-28', '2025-11-28'],
    ['28 November 2025', '2025-11-28'],
    ['03 June 2021', '2021-06-03'],
    ['3 june 2021', '2021-06-03'],
    ['31 February 2025', null],
    ['28 Novembre 2025', null],
    ['2025-11-31', null],
    ['28/11/2025', null],
    ['1899-12-29', null],
  ])('%s is %s', (text, iso) => expect(readDate(text)).toBe(iso));
});
