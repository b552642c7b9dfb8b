import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UploadRejected } from '../common/errors.js';
import { bytesOfFile, readCsvColumns } from './csv-columns.js';

const folder = mkdtempSync(join(tmpdir(), 'iem-columns-'));

interface ColumnLine {
  line: number;
  cells: string[];
}

async function read(content: string | Buffer, columns = ['LEI', 'Entity.LegalName']): Promise<ColumnLine[]> {
  const path = join(folder, `${Math.random()}.csv`);
  writeFileSync(path, content);
  const lines: ColumnLine[] = [];
  const records = readCsvColumns(
    bytesOfFile(path),
    (header) => columns.map((c) => header.indexOf(c)),
    (cells, line) => ({ line, cells }),
  );
  for await (const batch of records) lines.push(...batch);
  return lines;
}

describe('readCsvColumns', () => {
  it('reads the chosen columns of quoted fields with commas, doubled quotes and line breaks', async () => {
    const file =
      '\uFEFF"Entity.LegalName.xmllang","LEI","Entity.LegalName","Entity.LegalAddress.FirstAddressLine"\r\n' +
      '"en","BQ4BKCS1HXDV9HN80Z93","Meta Platforms, Inc.","1 Hacker Way\r\nBuilding 20"\r\n' +
      '\r\n' +
      'de,5493001FBOPS0000AA84,"The ""Best"" GmbH",\n' +
      '"fr","969500UP76J52A9OXU27","Société Générale"';
    expect(await read(file)).toEqual([
      { line: 2, cells: ['BQ4BKCS1HXDV9HN80Z93', 'Meta Platforms, Inc.'] },
      { line: 4, cells: ['5493001FBOPS0000AA84', 'The "Best" GmbH'] },
      { line: 5, cells: ['969500UP76J52A9OXU27', 'Société Générale'] },
    ]);
  });

  it('reads records that straddle its 1 MB chunks', async () => {
    const records = Array.from({ length: 30_000 }, (_, i) => `"${i}","${'x'.repeat(i % 97)}, ""${i}"""`);
    const lines = await read(['"LEI","Entity.LegalName"', ...records].join('\n'));
    expect(lines).toHaveLength(30_000);
    expect(lines[29_999]).toEqual({ line: 30_001, cells: ['29999', `${'x'.repeat(29_999 % 97)}, "29999"`] });
  });

  it('refuses an unclosed quote and text that is not UTF-8, naming the line', async () => {
    const unclosed = read('"LEI","Entity.LegalName"\n"A","B\n');
    await expect(unclosed).rejects.toBeInstanceOf(UploadRejected);
    await expect(unclosed).rejects.toMatchObject({ details: [{ row: 2, column: '', message: expect.stringContaining('not closed') }] });
    const latin1 = Buffer.concat([Buffer.from('LEI,Entity.LegalName\nA,Soci'), Buffer.from([0xe9]), Buffer.from('t\xe9\n', 'latin1')]);
    await expect(read(latin1)).rejects.toMatchObject({ details: [{ row: 2, column: '', message: expect.stringContaining('UTF-8') }] });
  });
});
