import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { UploadRejected } from './errors.js';

export type TabularFormat = 'CSV' | 'XLSX';

/** One line of a table: `line` is 1-based in the file, the header being line 1. */
export interface TableLine {
  line: number;
  cells: string[];
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** XLSX files are zip archives; anything else must be text. */
export async function sniffFormat(path: string, size: number): Promise<TabularFormat> {
  if (size === 0) throw new UploadRejected('The file is empty');
  const head = Buffer.alloc(Math.min(size, 8192));
  const handle = await open(path, 'r');
  try {
    await handle.read(head, 0, head.length, 0);
  } finally {
    await handle.close();
  }
  if (head.subarray(0, 4).equals(ZIP_MAGIC)) return 'XLSX';
  if (head.includes(0)) throw new UploadRejected('The file is neither CSV text nor an XLSX workbook (it contains binary data)');
  return 'CSV';
}

/** Streams the lines of a CSV (or of an XLSX file's first sheet), skipping blank lines. */
export function readTable(path: string, format: TabularFormat): AsyncIterable<TableLine> {
  return format === 'CSV' ? readCsv(path) : readXlsx(path);
}

async function* readCsv(path: string): AsyncIterable<TableLine> {
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { delimitersToGuess: [',', ';', '\t', '|'] });
  const source = createReadStream(path, { highWaterMark: 1 << 20 });
  source.on('error', (err) => parser.destroy(err));
  source.pipe(parser);
  let line = 0;
  for await (const cells of parser as AsyncIterable<string[]>) {
    line += 1;
    if (!isBlank(cells)) yield { line, cells };
  }
}

async function* readXlsx(path: string): AsyncIterable<TableLine> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  try {
    for await (const sheet of workbook) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const cells = rowCells(row);
        if (!isBlank(cells)) yield { line: row.number, cells };
      }
      return;
    }
  } catch (err) {
    if (err instanceof UploadRejected) throw err;
    throw new UploadRejected(`The XLSX workbook cannot be read: ${(err as Error).message}`);
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
