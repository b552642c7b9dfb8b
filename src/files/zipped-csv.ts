import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import type { Entry, ZipFile } from 'yauzl';
import { UploadRejected } from '../common/errors.js';
import { counted } from '../shared/plural.js';
import type { FileBytes } from './csv-columns.js';
import { openZip } from './xlsx-parts.js';

const GB = 1024 ** 3;
/** GLEIF's Level 1 golden copy unpacks to a few GB. */
const MAX_CSV_BYTES = 32 * GB;
/** A CSV of mostly empty columns packs 10 to 40 times; a zip bomb hundreds of times (see xlsx-guard). */
const MAX_INFLATE_RATIO = 100;
const RATIO_FROM_BYTES = 1024 * 1024;
/** Read and inflated 64 KB at a time, as the CSV readers take them. */
const CHUNK_BYTES = 64 * 1024;
const STORED = 0;
const DEFLATED = 8;
const LOCAL_HEADER = { signature: 0x04034b50, bytes: 30, nameLength: 26, extraLength: 28 };

/**
 * The CSV of a zip that holds only that file, as GLEIF and the ECB publish their files, unpacked as
 * it is read (never on disk); null for a file that is no such zip (plain CSV, or an XLSX workbook).
 * `what` names the file a refusal expects ("a GLEIF file").
 * Refused when the zip's directory announces more than MAX_CSV_BYTES or a zip bomb's inflate
 * ratio; while unpacking, data larger or smaller than announced is refused too.
 */
export async function openZippedCsv(path: string, what = 'a GLEIF file'): Promise<FileBytes | null> {
  // A zip yauzl cannot open is left to the workbook check, which says so in its words.
  const zip = (await startsWith(path, LOCAL_HEADER.signature)) ? await openZip(path).catch(() => null) : null;
  if (!zip) return null;
  try {
    const entry = await soleCsvEntry(zip, what);
    if (!entry) return null;
    checkEntry(entry);
    const start = await dataStart(path, entry);
    return () => unpacked(path, entry, start);
  } catch (err) {
    throw complaint(err);
  } finally {
    zip.close();
  }
}

/**
 * The entry's data read with a file stream of our own and inflated in chunks of 1 MB: yauzl's
 * streams crash the process when one is destroyed with a read queued (a request that ends early),
 * and zlib's 16 KB chunks, a million of them, left the service's memory 100 MB higher.
 */
async function* unpacked(path: string, entry: Entry, start: number): AsyncIterable<Buffer> {
  const packed = createReadStream(path, { start, end: start + entry.compressedSize - 1, highWaterMark: CHUNK_BYTES });
  const data =
    entry.compressionMethod === DEFLATED ? pipeline(packed, createInflateRaw({ chunkSize: CHUNK_BYTES }), () => undefined) : packed;
  let size = 0;
  try {
    for await (const chunk of data as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > entry.uncompressedSize) throw new Error('the CSV unpacks to more than its zip directory declares');
      yield chunk;
    }
  } catch (err) {
    throw complaint(err);
  }
  if (size < entry.uncompressedSize)
    throw new UploadRejected('The zip file cannot be unpacked: the CSV is shorter than its zip directory declares');
}

/** zlib and yauzl say what is wrong with a zip with plain Errors; a system error (the disk) goes on as it is. */
function complaint(err: unknown): unknown {
  if (err instanceof Error && err.constructor === Error && !('syscall' in err)) {
    return new UploadRejected(`The zip file cannot be unpacked: ${err.message}`);
  }
  return err;
}

async function readAt(path: string, position: number, length: number): Promise<Buffer> {
  const bytes = Buffer.alloc(length);
  const handle = await open(path, 'r');
  try {
    await handle.read(bytes, 0, length, position);
  } finally {
    await handle.close();
  }
  return bytes;
}

async function startsWith(path: string, signature: number): Promise<boolean> {
  return (await readAt(path, 0, 4)).readUInt32LE(0) === signature;
}

/** Names listed in the refusal of a zip of several files. */
const NAMES_LISTED = 5;

/**
 * The zip's one CSV; null for an XLSX workbook (a zip too, with its [Content_Types].xml), left to
 * the workbook reader (its parts under xl/). Any other zip is refused saying what it holds.
 */
async function soleCsvEntry(zip: ZipFile, what: string): Promise<Entry | null> {
  const entries: Entry[] = [];
  for await (const entry of zip.eachEntry()) {
    if (entry.fileName === '[Content_Types].xml' || entry.fileName.startsWith('xl/')) return null;
    entries.push(entry);
  }
  if (entries.length === 1 && /\.csv$/i.test(entries[0].fileName)) return entries[0];
  const names = entries.slice(0, NAMES_LISTED).map((entry) => entry.fileName);
  const listed = names.length ? ` (${names.join(', ')}${entries.length > names.length ? ', ...' : ''})` : '';
  throw new UploadRejected(`The zip holds ${counted(entries.length, 'file')}${listed}; ${what} is a zip of one CSV file`);
}

/** The entry's data follows its local header, whose name and extra field may differ in length from the directory's. */
async function dataStart(path: string, entry: Entry): Promise<number> {
  const header = await readAt(path, entry.relativeOffsetOfLocalHeader, LOCAL_HEADER.bytes);
  if (header.readUInt32LE(0) !== LOCAL_HEADER.signature) throw new Error('the zip directory points at no file header');
  return (
    entry.relativeOffsetOfLocalHeader +
    LOCAL_HEADER.bytes +
    header.readUInt16LE(LOCAL_HEADER.nameLength) +
    header.readUInt16LE(LOCAL_HEADER.extraLength)
  );
}

function checkEntry(entry: Entry): void {
  if (entry.isEncrypted()) throw new UploadRejected('The zip file cannot be unpacked: its CSV is encrypted');
  if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED) {
    throw new UploadRejected('The zip file cannot be unpacked: its CSV is compressed with another method than deflate');
  }
  const gb = (bytes: number) => `${(bytes / GB).toLocaleString('en-US', { maximumFractionDigits: 1 })} GB`;
  if (entry.uncompressedSize > MAX_CSV_BYTES) {
    throw new UploadRejected(
      `The zip file was refused: its CSV unpacks to ${gb(entry.uncompressedSize)}, more than the ${gb(MAX_CSV_BYTES)} read`,
    );
  }
  const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
  if (entry.uncompressedSize > RATIO_FROM_BYTES && ratio > MAX_INFLATE_RATIO) {
    throw new UploadRejected(
      `The zip file was refused: its CSV would unpack to ${Math.round(ratio)} times its packed size; ` +
        `more than ${MAX_INFLATE_RATIO} times is a zip bomb, not a CSV`,
    );
  }
}
