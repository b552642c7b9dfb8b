import type { ZipFile } from 'yauzl';
import { UploadRejected } from '../common/errors.js';
import { keepOnlyParts, openZip, refused, UNREADABLE, workbookParts, type PartRole, type WorkbookPart } from './xlsx-parts.js';
import { XlsxXmlMeter } from './xlsx-xml-meter.js';

const MB = 1024 * 1024;
/** Unpacked. A 1,000,000-row holdings sheet written by exceljs is about 600 MB, its shared strings a few MB. */
const MAX_PART_BYTES: Record<PartRole, number> = {
  'first sheet': 1024 * MB,
  'shared strings': 256 * MB,
  'relationships part': 32 * MB,
  'workbook part': 32 * MB,
  'styles part': 32 * MB,
};
/**
 * Apache POI's limit. Real sheets pack 5 to 30 times (a cell reference changes on every row, even
 * in a million formatted empty rows); bombs pack hundreds of times.
 */
const MAX_INFLATE_RATIO = 100;
/** Below this, a high ratio (a small part of repeated markup) is harmless. */
const RATIO_FROM_BYTES = MB;

/**
 * An XLSX upload is a zip of XML parts, and a small one can unpack to gigabytes or hold rows,
 * cells or texts no spreadsheet has. Refuses such a workbook before any database work: from the
 * zip's central directory at once (sizes, inflate ratio), then while unpacking the parts exceljs
 * will read (their true sizes, rows, cells per row, characters per cell). The workbook is then
 * rewritten with only those parts (see keepOnlyParts). Memory stays bounded: nothing is kept.
 */
export async function checkWorkbook(path: string): Promise<void> {
  let zip: ZipFile | null = null;
  try {
    zip = await openZip(path);
    const parts = await workbookParts(zip);
    parts.forEach(checkDeclaredSizes);
    for (const part of parts) await checkContent(zip, part);
    await keepOnlyParts(path, zip, parts);
  } catch (err) {
    throw isZipComplaint(err) ? new UploadRejected(UNREADABLE) : err;
  } finally {
    zip?.close();
  }
}

function checkDeclaredSizes({ role, entry }: WorkbookPart): void {
  const largest = Math.max(entry.uncompressedSize, entry.compressedSize);
  if (largest > MAX_PART_BYTES[role]) {
    throw refused(
      `its ${role} unpacks to ${megabytes(largest)}, and at most ${megabytes(MAX_PART_BYTES[role])} is read: save the sheet as CSV UTF-8 instead`,
    );
  }
  const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
  if (entry.uncompressedSize > RATIO_FROM_BYTES && ratio > MAX_INFLATE_RATIO) {
    throw refused(
      `its ${role} would unpack from ${megabytes(entry.compressedSize)} to ${megabytes(entry.uncompressedSize)}, ${Math.round(ratio)} times its size; ` +
        `a real workbook packs at most about 30 times, and more than ${MAX_INFLATE_RATIO} times is a zip bomb, not a spreadsheet`,
    );
  }
}

/** Unpacks a part, checking its true size against the directory's (yauzl) and, for a sheet or the shared strings, what it holds. */
async function checkContent(zip: ZipFile, { role, entry }: WorkbookPart): Promise<void> {
  const meter = role === 'first sheet' || role === 'shared strings' ? new XlsxXmlMeter(role) : null;
  try {
    for await (const chunk of await zip.openReadStreamPromise(entry)) meter?.write(chunk as Buffer);
  } catch (err) {
    // yauzl's validateEntrySizes: "too many bytes in the stream" / "not enough bytes in the stream".
    if (err instanceof Error && /bytes in the stream/.test(err.message)) {
      throw refused(`its ${role} does not unpack to the size its zip directory declares, as only a damaged or forged file does`);
    }
    throw err;
  }
}

/**
 * yauzl and zlib say what is wrong with a zip with plain Errors; a system error (the disk) or a
 * TypeError (a bug) is not the file's fault and goes on as it is.
 */
function isZipComplaint(err: unknown): boolean {
  return err instanceof Error && err.constructor === Error && !('syscall' in err);
}

function megabytes(bytes: number): string {
  return `${(bytes / MB).toLocaleString('en-US', { maximumFractionDigits: 1 })} MB`;
}
