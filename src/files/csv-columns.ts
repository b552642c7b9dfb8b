import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { UploadRejected } from '../common/errors.js';

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
/** 64 KB, as readTable: GLEIF's Level 1 file peaked at 356 MB through the service with 1 MB chunks, 273 MB with these. */
const CHUNK_BYTES = 1 << 16;
/** As readTable: a record still open after this much is an unclosed quote (or no CSV at all). */
const MAX_RECORD_BYTES = 1 << 20;

/** A file's bytes, from its start at each call: a file on disk, or the CSV inside a zip (see openZippedCsv). */
export type FileBytes = () => AsyncIterable<Buffer>;

export function bytesOfFile(path: string): FileBytes {
  return () => createReadStream(path, { highWaterMark: CHUNK_BYTES });
}

/**
 * What a record becomes, from its chosen cells (in the chosen order) and its line (the header is
 * line 1); null to leave it out. Called as the record is read, so that nothing but what it answers
 * outlives the record: a batch of records kept across turns of the event loop grew the service's
 * heap by 150 MB between collections.
 */
export type RecordReader<T> = (cells: string[], line: number) => T | null;

/**
 * The chosen columns of a large comma-separated file, read straight from its bytes: only those
 * cells become strings. For files such as GLEIF's golden copy (3,000,000 records of 76 quoted
 * fields, 1.6 GB), which papaparse reads at about 15 MB/s, as it builds every cell. RFC 4180:
 * quoted fields may hold commas, line breaks and doubled quotes; blank lines are skipped.
 * `choose` gets the header's cells and answers the places of the columns to read; the batches
 * (about 64 KB of the file each) hold what `read` answered.
 */
export async function* readCsvColumns<T>(
  bytes: FileBytes,
  choose: (header: string[]) => number[],
  read: RecordReader<T>,
): AsyncIterable<T[]> {
  const scanner = new RecordScanner(choose, read);
  // One buffer for the whole file: the record a scan leaves unfinished moves to its start, and the next bytes follow it.
  const buffer = Buffer.allocUnsafe(MAX_RECORD_BYTES + CHUNK_BYTES);
  let filled = 0;
  for await (const chunk of bytes()) {
    for (let offset = 0; offset < chunk.length;) {
      const copied = chunk.copy(buffer, filled, offset);
      offset += copied;
      filled += copied;
      if (filled < CHUNK_BYTES) continue;
      const consumed = scanner.scan(buffer.subarray(0, filled), false);
      buffer.copyWithin(0, consumed, filled);
      filled -= consumed;
      if (filled > MAX_RECORD_BYTES) throw unreadable(scanner.line + 1, 'a quoted field is not closed, or the line is longer than 1 MB');
      yield scanner.take();
    }
  }
  if (filled > 0) scanner.scan(buffer.subarray(0, filled), true);
  yield scanner.take();
}

class RecordScanner<T> {
  line = 0;
  /** For each column of the file, its place among the chosen ones (-1: not read); null until the header is read. */
  private placeOf: Int32Array | null = null;
  private width = 0;
  private items: T[] = [];

  constructor(
    private readonly choose: (header: string[]) => number[],
    private readonly read: RecordReader<T>,
  ) {}

  take(): T[] {
    const items = this.items;
    this.items = [];
    return items;
  }

  /** Reads the whole records of `bytes`; answers where the first incomplete one starts (all of them at the end of the file). */
  scan(bytes: Buffer, atEnd: boolean): number {
    let start = this.line === 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    for (;;) {
      const end = this.record(bytes, start, atEnd);
      if (end < 0) return start;
      start = end;
      if (start >= bytes.length) return start;
    }
  }

  /** One record from `start`: answers the offset after it, or -1 when it does not end within `bytes` (and more is to come). */
  private record(bytes: Buffer, start: number, atEnd: boolean): number {
    const cells: string[] = [];
    const placeOf = this.placeOf;
    let field = 0;
    let i = start;
    for (;;) {
      const quoted = bytes[i] === QUOTE;
      const from = quoted ? i + 1 : i;
      let to: number;
      let doubled = false;
      if (quoted) {
        i = from;
        for (;;) {
          while (i < bytes.length && bytes[i] !== QUOTE) i++;
          if (i >= bytes.length) return this.unfinished(atEnd, 'a quoted field is not closed');
          if (bytes[i + 1] !== QUOTE) break;
          doubled = true;
          i += 2;
        }
        to = i++;
      } else {
        while (i < bytes.length && bytes[i] !== COMMA && bytes[i] !== LF && bytes[i] !== CR) i++;
        to = i;
      }
      if (i >= bytes.length && !atEnd) return -1;
      const next = bytes[i];
      if (i < bytes.length && next !== COMMA && next !== LF && next !== CR)
        throw unreadable(this.line + 1, 'a closing quote is not followed by a comma or the end of the line');
      const place = placeOf ? (field < placeOf.length ? placeOf[field] : -1) : field;
      if (place >= 0) cells[place] = this.text(bytes, from, to, doubled);
      field += 1;
      if (next === COMMA) {
        i += 1;
        continue;
      }
      const end = next === CR && bytes[i + 1] === LF ? i + 2 : i + 1;
      if (next === CR && i + 1 >= bytes.length && !atEnd) return -1;
      this.complete(cells, field === 1 && to === from);
      return end;
    }
  }

  private unfinished(atEnd: boolean, reason: string): number {
    if (atEnd) throw unreadable(this.line + 1, reason);
    return -1;
  }

  private complete(cells: string[], blank: boolean): void {
    this.line += 1;
    if (blank) return;
    if (this.placeOf) {
      for (let place = 0; place < this.width; place++) cells[place] ??= '';
      const item = this.read(cells, this.line);
      if (item !== null) this.items.push(item);
      return;
    }
    const chosen = this.choose(cells);
    this.width = chosen.length;
    this.placeOf = new Int32Array(Math.max(...chosen) + 1).fill(-1);
    chosen.forEach((column, place) => (this.placeOf![column] = place));
  }

  private text(bytes: Buffer, from: number, to: number, doubled: boolean): string {
    const part = bytes.subarray(from, to);
    if (!isUtf8(part)) throw unreadable(this.line + 1, 'a cell is not UTF-8 text: save the file as CSV UTF-8');
    const text = part.toString('utf8');
    return doubled ? text.replaceAll('""', '"') : text;
  }
}

function unreadable(line: number, message: string): UploadRejected {
  return new UploadRejected('The file cannot be read as CSV', [{ row: line, column: '', message }]);
}
