import { createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { UploadRejected } from '../common/errors.js';

export const UNREADABLE = 'The XLSX workbook cannot be read: it is damaged or is not an Excel workbook';
const MAX_ENTRIES = 10_000;

export function refused(problem: string): UploadRejected {
  return new UploadRejected(`The XLSX workbook was refused: ${problem}`);
}

/** The parts of a workbook exceljs reads, in the order that lets it read the sheet at once. */
const PART_NAMES = [
  ['relationships part', /^xl\/_rels\/workbook\.xml\.rels$/],
  ['workbook part', /^xl\/workbook\.xml$/],
  ['styles part', /^xl\/styles\.xml$/],
  ['shared strings', /^xl\/sharedStrings\.xml$/],
  ['first sheet', /^xl\/worksheets\/sheet\d+\.xml$/],
] as const;
export type PartRole = (typeof PART_NAMES)[number][0];
const REQUIRED: PartRole[] = ['relationships part', 'workbook part', 'first sheet'];

export interface WorkbookPart {
  role: PartRole;
  entry: Entry;
}

/** What the zip writer needs of a part: the data as stored (packed or not), with its sizes and CRC. */
type StoredPart = Pick<Entry, 'fileName' | 'compressionMethod' | 'crc32' | 'compressedSize' | 'uncompressedSize'> & {
  data: () => Promise<AsyncIterable<Buffer> | Buffer[]>;
};

const EMPTY_SHARED_STRINGS = Buffer.from('<sst/>');

export function openZip(path: string): Promise<ZipFile> {
  return yauzl.openPromise(path, { autoClose: false, validateEntrySizes: true });
}

/** From the zip's central directory: instant, whatever the parts would unpack to. */
export async function workbookParts(zip: ZipFile): Promise<WorkbookPart[]> {
  if (zip.entryCount > MAX_ENTRIES) {
    throw refused(
      `it holds ${zip.entryCount.toLocaleString('en-US')} files, more than the ${MAX_ENTRIES.toLocaleString('en-US')} a workbook may have`,
    );
  }
  const found = new Map<PartRole, Entry>();
  for await (const entry of zip.eachEntry()) {
    const role = PART_NAMES.find(([, name]) => name.test(entry.fileName))?.[0];
    if (role && !found.has(role)) found.set(role, entry);
  }
  if (REQUIRED.some((role) => !found.has(role))) throw new UploadRejected(UNREADABLE);
  return PART_NAMES.flatMap(([role]) => (found.has(role) ? [{ role, entry: found.get(role)! }] : []));
}

/**
 * Rewrites the workbook with only the parts that were checked, still packed. exceljs reads a zip
 * front to back by its local headers, not by the central directory the check read: a zip whose
 * local entries differ from its directory (an entry it does not list, other sizes) would otherwise
 * be read as it was not checked. The shared strings come before the sheet (an empty list when the
 * workbook has none), so that exceljs reads the sheet at once instead of copying it to a
 * temporary file of its own, outside the upload folder.
 */
export async function keepOnlyParts(path: string, zip: ZipFile, parts: WorkbookPart[]): Promise<void> {
  const stored: StoredPart[] = parts.map(({ entry }) => ({
    ...entry,
    data: () => zip.openReadStreamPromise(entry, { decodeFileData: false }),
  }));
  if (!parts.some((part) => part.role === 'shared strings')) stored.splice(-1, 0, emptySharedStrings());
  const reduced = `${path}.parts`;
  await pipeline(Readable.from(zipOf(stored)), createWriteStream(reduced));
  await rename(reduced, path);
}

function emptySharedStrings(): StoredPart {
  const size = EMPTY_SHARED_STRINGS.length;
  return {
    fileName: 'xl/sharedStrings.xml',
    compressionMethod: 0,
    crc32: crc32(EMPTY_SHARED_STRINGS),
    compressedSize: size,
    uncompressedSize: size,
    data: async () => [EMPTY_SHARED_STRINGS],
  };
}

/** A plain zip: each part's local header (with its sizes: no data descriptors) and data, then the central directory. */
async function* zipOf(parts: StoredPart[]): AsyncIterable<Buffer> {
  const directory: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.fileName);
    const local = Buffer.concat([header(0x04034b50, part, name.length), name]);
    directory.push(Buffer.concat([centralHeader(part, name.length, offset), name]));
    yield local;
    yield* await part.data();
    offset += local.length + part.compressedSize;
  }
  const centralDirectory = Buffer.concat(directory);
  yield centralDirectory;
  yield endOfCentralDirectory(parts.length, centralDirectory.length, offset);
}

/** The fields a local header and a central directory header share, from the version needed on. */
function header(signature: number, part: StoredPart, nameLength: number): Buffer {
  const fields = Buffer.alloc(30);
  fields.writeUInt32LE(signature, 0);
  fields.writeUInt16LE(20, 4); // version needed to extract: 2.0; general purpose flags (6) stay 0
  fields.writeUInt16LE(part.compressionMethod, 8);
  fields.writeUInt32LE(part.crc32, 14);
  fields.writeUInt32LE(part.compressedSize, 18);
  fields.writeUInt32LE(part.uncompressedSize, 22);
  fields.writeUInt16LE(nameLength, 26);
  return fields;
}

function centralHeader(part: StoredPart, nameLength: number, localHeaderOffset: number): Buffer {
  const local = header(0x02014b50, part, nameLength);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4); // version made by
  local.copy(central, 6, 4, 30); // version needed ... name length
  central.writeUInt32LE(localHeaderOffset, 42);
  return central;
}

function endOfCentralDirectory(entries: number, size: number, offset: number): Buffer {
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries, 8);
  end.writeUInt16LE(entries, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return end;
}
