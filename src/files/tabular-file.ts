import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Logger } from '@nestjs/common';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { UploadRejected } from '../common/errors.js';
import type { ProblemList } from '../common/problem-list.js';
import { Utf8Text } from './utf8-text.js';
import { checkWorkbook } from './xlsx-guard.js';
import { UNREADABLE } from './xlsx-parts.js';

export type TabularFormat = 'CSV' | 'XLSX';

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** Compound File: an Excel 97-2003 workbook, or an encrypted (password-protected) XLSX. */
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const UTF16_BOMS = [Buffer.from([0xff, 0xfe]), Buffer.from([0xfe, 0xff])];
const logger = new Logger('TabularFile');

/**
 * XLSX files are zip archives; anything else must be text. A workbook is checked before it is
 * read (see checkWorkbook), so call this before any database work starts.
 */
export async function sniffFormat(path: string, size: number): Promise<TabularFormat> {
  if (size === 0) throw new UploadRejected('The file is empty');
  const head = await readHead(path, Math.min(size, 8192));
  if (head.subarray(0, 4).equals(ZIP_MAGIC)) {
    await checkWorkbook(path);
    return 'XLSX';
  }
  if (head.subarray(0, 8).equals(OLE_MAGIC)) {
    throw new UploadRejected(
      'The file is an Excel 97-2003 (.xls) or a password-protected workbook: save it as an .xlsx workbook without a password, or as CSV UTF-8',
    );
  }
  if (UTF16_BOMS.some((bom) => head.subarray(0, 2).equals(bom))) {
    throw new UploadRejected('The file is UTF-16 text ("Unicode Text"), not UTF-8: save it as "CSV UTF-8" and upload it again');
  }
  if (head.includes(0)) throw new UploadRejected('The file is neither CSV text nor an XLSX workbook (it contains binary data)');
  return 'CSV';
}

/** The first `bytes` bytes of a file (fewer when it is shorter). */
async function readHead(path: string, bytes: number): Promise<Buffer> {
  const head = Buffer.alloc(bytes);
  const handle = await open(path, 'r');
  try {
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Streams the lines of a CSV (or of an XLSX file's first sheet) in batches, skipping blank lines.
 * Batches, because one await per line would cost more than parsing it. The CSV separator is
 * guessed from the first lines unless `delimiter` is given.
 */
export function readTable(path: string, format: TabularFormat, delimiter?: string): AsyncIterable<TableLine[]> {
  return format === 'CSV' ? readCsv(path, delimiter) : readXlsx(path);
}

const DELIMITERS = [',', ';', '\t', '|'];
const SNIFFED_BYTES = 64 * 1024;

/**
 * The separator with which one of a CSV's first lines is a header that `isHeader` knows, or
 * undefined. Papaparse's own guess counts fields over the first ten lines, which a preamble above
 * the header ("Fund Holdings as of Nov 28, 2026") or decimal commas in a semicolon file can mislead.
 */
export async function sniffDelimiter(path: string, isHeader: (cells: string[]) => boolean): Promise<string | undefined> {
  const text = (await readHead(path, SNIFFED_BYTES)).toString('utf8').replace(/^\uFEFF/, '');
  return DELIMITERS.find((delimiter) => Papa.parse<string[]>(text, { delimiter, preview: 100 }).data.some(isHeader));
}

/** Line by line, where a file is small and simplicity matters more than the per-line await. */
export async function* lines(batches: AsyncIterable<TableLine[]>): AsyncIterable<TableLine> {
  for await (const batch of batches) yield* batch;
}

/**
 * The lines after the header of a small file (a hierarchy, a pipeline), with a cell reader by
 * normalised column name; unreadable lines go to `problems`.
 */
export async function* dataLines<H>(
  path: string,
  format: TabularFormat,
  problems: ProblemList,
  readHeader: (cells: string[]) => H,
): AsyncIterable<{ line: number; header: H; cell: (index: number | undefined) => string }> {
  let header: H | undefined;
  for await (const { line, cells, malformed } of lines(readTable(path, format))) {
    if (malformed) problems.add([{ row: line, column: '', message: `the line cannot be read as CSV: ${malformed}` }]);
    else if (header === undefined) header = readHeader(cells);
    else yield { line, header, cell: (index) => (index === undefined ? '' : (cells[index] ?? '').trim()) };
  }
  if (header === undefined) throw new UploadRejected('The file has no header line');
}

/** A line the CSV parser could not read (e.g. an unclosed quote) carries its reason. */
export interface TableLine {
  line: number;
  cells: string[];
  malformed?: string;
}

/**
 * Chunks of 64 KB, four at most waiting: a million rows read in about 70% of the time and 40% of the
 * memory that chunks of 1 MB took (measured through the service: they stay in the CPU's cache, and
 * the parsed rows waiting are few).
 */
const CHUNK_BYTES = 1 << 16;
const MAX_QUEUED_CHUNKS = 4;
const LONGEST_LINE_BYTES = 1 << 20;

/**
 * Papaparse's chunk callback, with the file stream paused while the consumer is behind: bounded
 * memory. (Papaparse's own pause stops parsing but not the stream, which then piles up in its
 * queue; its NODE_STREAM_INPUT duplex was 7 to 70 times slower.) Papaparse keeps a line that a
 * chunk ends in the middle of for the next one.
 */
async function* readCsv(path: string, delimiter: string | undefined): AsyncIterable<TableLine[]> {
  const queue: Papa.ParseResult<string[]>[] = [];
  let finished = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  let line = 0;
  let chunksWithoutLine = 0;
  const source = new Utf8Text(path);
  // A read or decoding error reaches papaparse as an error of `source`; the pipeline's own is the same one.
  pipeline(createReadStream(path, { highWaterMark: CHUNK_BYTES }), source).catch(() => undefined);
  Papa.parse<string[]>(source, {
    ...(delimiter ? { delimiter } : { delimitersToGuess: DELIMITERS }),
    chunk: (results, parser) => {
      chunksWithoutLine = results.data.length === 0 && !source.readableEnded ? chunksWithoutLine + 1 : 0;
      if (chunksWithoutLine * CHUNK_BYTES >= LONGEST_LINE_BYTES) {
        // A megabyte without one complete line: an unclosed quote, or a line over 1 MB.
        failure = new UploadRejected('The file cannot be read as CSV', [
          { row: line + queuedLines() + 1, column: '', message: 'a quoted field is not closed, or the line is longer than 1 MB' },
        ]);
        parser.abort();
        source.destroy();
        wake?.();
        return;
      }
      queue.push(results);
      if (queue.length >= MAX_QUEUED_CHUNKS) source.pause();
      wake?.();
    },
    complete: () => {
      finished = true;
      wake?.();
    },
    error: (err: Error) => {
      failure = err;
      wake?.();
    },
  });
  const queuedLines = () => queue.reduce((n, r) => n + r.data.length, 0);
  for (;;) {
    const results = queue.shift();
    if (results) {
      if (source.isPaused()) source.resume();
      const first = line + 1;
      line += results.data.length;
      yield toLines(results, first);
      continue;
    }
    if (failure) throw failure;
    if (finished) return;
    await new Promise<void>((resolve) => (wake = resolve));
    wake = null;
  }
}

function toLines(results: Papa.ParseResult<string[]>, first: number): TableLine[] {
  const malformed = new Map(results.errors.filter((e) => e.type === 'Quotes').map((e) => [e.row ?? 0, e.message]));
  const lines: TableLine[] = [];
  results.data.forEach((cells, i) => {
    if (malformed.has(i)) lines.push({ line: first + i, cells, malformed: malformed.get(i) });
    else if (!isBlank(cells)) lines.push({ line: first + i, cells });
  });
  return lines;
}

/** A batch ends at 1,000 lines, or sooner when rows are wide (a row is read up to its last cell). */
const MAX_BATCH_CELLS = 65_536;

async function* readXlsx(path: string): AsyncIterable<TableLine[]> {
  let batch: TableLine[] = [];
  let batchCells = 0;
  for await (const row of firstSheetRows(path)) {
    const cells = rowCells(row);
    if (!isBlank(cells)) batch.push({ line: row.number, cells });
    batchCells += cells.length;
    if (batch.length >= 1000 || batchCells >= MAX_BATCH_CELLS) {
      yield batch;
      batch = [];
      batchCells = 0;
    }
  }
  yield batch;
}

/**
 * exceljs's rows of the first sheet. What exceljs cannot read (malformed XML, a cell reference out
 * of range...) is the file's fault, said plainly; a system error (the disk) goes on as it is.
 */
async function* firstSheetRows(path: string): AsyncIterable<ExcelJS.Row> {
  const input = createReadStream(path);
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  try {
    for await (const sheet of workbook) {
      yield* sheet as AsyncIterable<ExcelJS.Row>;
      return;
    }
  } catch (err) {
    if (!(err instanceof Error) || 'syscall' in err) throw err;
    logger.warn(`XLSX workbook unreadable: ${err.message}`);
    throw new UploadRejected(UNREADABLE);
  } finally {
    // exceljs leaves its input open when it stops before the end of the file.
    input.destroy();
  }
}

function rowCells(row: ExcelJS.Row): string[] {
  const values = row.values as ExcelJS.CellValue[];
  const cells: string[] = [];
  for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
  return cells;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  if ('error' in value) return String(value.error);
  return '';
}

function isBlank(cells: string[]): boolean {
  return cells.every((cell) => cell === null || cell === undefined || cell.trim() === '');
}
