import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yazl from 'yazl';
import { UploadRejected } from '../common/errors.js';
import { openZippedCsv } from './zipped-csv.js';

const folder = mkdtempSync(join(tmpdir(), 'iem-zipped-'));

async function zipOf(name: string, files: Record<string, Buffer>): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const [fileName, data] of Object.entries(files)) zip.addBuffer(data, fileName);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  writeFileSync(join(folder, name), Buffer.concat(chunks));
  return join(folder, name);
}

async function unpacked(path: string): Promise<Buffer | null> {
  const bytes = await openZippedCsv(path);
  return bytes && unpackedAll(bytes);
}

async function unpackedAll(bytes: () => AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of bytes()) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe('openZippedCsv', () => {
  it('unpacks the one CSV of a zip, as GLEIF publishes it, as it is read', async () => {
    const csv = Buffer.from('"LEI","Entity.LegalName"\n"BQ4BKCS1HXDV9HN80Z93","Meta Platforms, Inc."\n');
    expect(await unpacked(await zipOf('lei.zip', { 'lei2.csv': csv }))).toEqual(csv);
  });

  it('leaves alone a plain CSV and a zip of several parts (an XLSX workbook)', async () => {
    const plain = join(folder, 'plain.csv');
    writeFileSync(plain, 'child_name,parent_name\n');
    await expect(openZippedCsv(plain)).resolves.toBeNull();
    const parts = await zipOf('book.xlsx', {
      '[Content_Types].xml': Buffer.from('<Types/>'),
      'xl/workbook.xml': Buffer.from('<workbook/>'),
    });
    await expect(openZippedCsv(parts)).resolves.toBeNull();
  });

  it('reads the CSV again from its start, however early the last reading stopped', async () => {
    const csv = Buffer.from(Array.from({ length: 20_000 }, (_, i) => `"${i}","Entity ${i}"`).join('\n'));
    const bytes = (await openZippedCsv(await zipOf('long.zip', { 'long.csv': csv })))!;
    for await (const chunk of bytes()) if (chunk.length) break;
    expect(await unpackedAll(bytes)).toEqual(csv);
  });

  it('refuses a zip bomb before unpacking it', async () => {
    const bomb = await zipOf('bomb.zip', { 'rr.csv': Buffer.alloc(8 * 1024 * 1024, 'a') });
    const refusal = openZippedCsv(bomb);
    await expect(refusal).rejects.toBeInstanceOf(UploadRejected);
    await expect(refusal).rejects.toThrow(/zip bomb/);
  });
});
