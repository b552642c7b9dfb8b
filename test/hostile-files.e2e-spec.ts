import { jest } from '@jest/globals';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, mkdtempSync, openAsBlob, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { request, type ClientRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import yazl from 'yazl';
import { BENCH_ADMIN_KEY, ServiceProcess } from '../bench/support/service.js';
import { freshSqlite, testTargets } from './support/databases.js';
import { startApp, type TestApp } from './support/app.js';

const UNREADABLE = 'The XLSX workbook cannot be read: it is damaged or is not an Excel workbook';
const NOT_UTF8 = 'The file is not UTF-8 text: save it as "CSV UTF-8" (in Excel: Save As, CSV UTF-8) and upload it again';
const PORTFOLIO = {
  code: 'LIFE-GA',
  name: 'General Account',
  baseCurrency: 'USD',
  admittedAssets: 40e9,
  capitalAndSurplus: 3.2e9,
  participationRate: 0.004,
};
const HEADER = ['cusip', 'issuer_name', 'par_value', 'market_value', 'maturity_date'];
const GOOD_LINE = '30303MAA0,Meta Platforms Inc,100,100,2035-11-15';

// ---------------------------------------------------------------------------------------------
// Workbooks made in the test: a few KB to 1.5 MB zipped, up to 600 MB unzipped, never in memory.

const RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';
const WORKBOOK =
  '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Holdings" sheetId="1" r:id="rId1"/></sheets></workbook>';
const SHEET_START =
  '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_END = '</sheetData></worksheet>';

function sheetRow(r: number, values: string[]): string {
  return `<row r="${r}">${values.map((value, i) => `<c r="${String.fromCharCode(65 + i)}${r}" t="inlineStr"><is><t>${value}</t></is></c>`).join('')}</row>`;
}

/** A holdings sheet of inline strings (no shared strings part): the header, then a row per issuer. */
function holdingsSheet(issuers: string[]): string {
  return (
    SHEET_START +
    sheetRow(1, HEADER) +
    issuers.map((issuer, i) => sheetRow(i + 2, ['30303MAA0', issuer, '100', '100', '2035-11-15'])).join('') +
    SHEET_END
  );
}

/** A sheet's XML made as it is zipped, `count` pieces by `piece(i)`, 10,000 at a time. */
function* sheetOf(count: number, piece: (i: number) => string, head = SHEET_START, tail = SHEET_END): Iterable<string> {
  yield head;
  for (let from = 1; from <= count; from += 10_000) {
    let block = '';
    for (let i = from; i < from + 10_000 && i <= count; i++) block += piece(i);
    yield block;
  }
  yield tail;
}

async function workbookZip(
  sheet: string | Iterable<string>,
  parts: Record<string, string> = { 'xl/_rels/workbook.xml.rels': RELS, 'xl/workbook.xml': WORKBOOK },
): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, xml] of Object.entries(parts)) zip.addBuffer(Buffer.from(xml), name);
  if (typeof sheet === 'string') zip.addBuffer(Buffer.from(sheet), 'xl/worksheets/sheet1.xml');
  else zip.addReadStream(Readable.from(sheet, { objectMode: false }), 'xl/worksheets/sheet1.xml');
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Each central directory record of a zip without a comment: where it is, and its file name. */
function centralDirectory(zip: Buffer): Array<{ at: number; name: string }> {
  const end = zip.length - 22;
  const records = [];
  for (let at = zip.readUInt32LE(end + 16); at < end;) {
    const nameLength = zip.readUInt16LE(at + 28);
    records.push({ at, name: zip.toString('utf8', at + 46, at + 46 + nameLength) });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return records;
}

/** The zip, its central directory declaring `size` as the unpacked size of its sheet. */
function declaringSheetSize(zip: Buffer, size: number): Buffer {
  const lying = Buffer.from(zip);
  lying.writeUInt32LE(size, centralDirectory(zip).find((record) => record.name === 'xl/worksheets/sheet1.xml')!.at + 24);
  return lying;
}

/**
 * `listed` with the local entries of `hidden` in front, which its central directory does not list:
 * a reader that goes by the directory (yauzl) does not see them; one that reads front to back by
 * the local headers (unzipper, in exceljs) meets them first.
 */
function withHiddenEntries(listed: Buffer, hidden: Buffer): Buffer {
  const front = hidden.subarray(0, hidden.readUInt32LE(hidden.length - 22 + 16));
  const zip = Buffer.concat([front, listed]);
  for (const { at } of centralDirectory(listed)) zip.writeUInt32LE(listed.readUInt32LE(at + 42) + front.length, front.length + at + 42);
  zip.writeUInt32LE(listed.readUInt32LE(listed.length - 22 + 16) + front.length, zip.length - 22 + 16);
  return zip;
}

/** Files and folders the tests made, removed at the end. */
const made: string[] = [];
afterAll(() => made.forEach((path) => rmSync(path, { recursive: true, force: true })));

async function writeTemp(name: string, content: Buffer | string): Promise<string> {
  const path = join(tmpdir(), `hostile-${process.pid}-${Date.now()}-${name}`);
  made.push(path);
  await pipeline(Readable.from([content]), createWriteStream(path));
  return path;
}

async function exceljsHoldings(rows: number): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Holdings');
  sheet.addRow(['CUSIP', 'ISIN', 'Issuer Name', 'Par Value', 'Market Value', 'Maturity Date', 'Coupon Rate', 'Sector']);
  for (let i = 0; i < rows; i++) {
    sheet.addRow([
      '30303MAA0',
      'US30303MAA09',
      i % 2 ? 'Meta Platforms Inc' : 'Meta Platforms, Inc.',
      1_000_000 + i,
      987_654.32 + i,
      new Date(Date.UTC(2035, 10, 15)),
      4.875,
      'Technology',
    ]);
  }
  const path = join(tmpdir(), `hostile-${process.pid}-genuine-${rows}.xlsx`);
  made.push(path);
  await workbook.xlsx.writeFile(path);
  return path;
}

// ---------------------------------------------------------------------------------------------
// Processes, folders, raw uploads.

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  return child.pid!;
}

/** The files in the upload folders, with their sizes. */
function uploadFiles(dataDir: string): Array<{ folder: string; bytes: number }> {
  const uploads = join(dataDir, 'uploads');
  let folders: string[];
  try {
    folders = readdirSync(uploads);
  } catch {
    return [];
  }
  return folders.flatMap((folder) =>
    readdirSync(join(uploads, folder)).map((file) => ({ folder, bytes: statSync(join(uploads, folder, file)).size })),
  );
}

function uploadFolders(dataDir: string): string[] {
  try {
    return readdirSync(join(dataDir, 'uploads'));
  } catch {
    return [];
  }
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A holdings upload that sends its multipart head and about `bytes` of the file, then waits to be aborted. */
function unfinishedUpload(url: string, apiKey: string, bytes: number): ClientRequest {
  const boundary = 'unfinished-upload';
  const req = request(url, {
    method: 'POST',
    headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': `multipart/form-data; boundary=${boundary}` },
  });
  req.on('error', () => undefined);
  req.write(`--${boundary}\r\nContent-Disposition: form-data; name="asOfDate"\r\n\r\n2026-11-30\r\n`);
  req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="holdings.csv"\r\nContent-Type: text/csv\r\n\r\n`);
  req.write(`${HEADER.join(',')}\n${`${GOOD_LINE}\n`.repeat(Math.ceil(bytes / GOOD_LINE.length))}`);
  return req;
}

// ---------------------------------------------------------------------------------------------

const RATIO =
  /^The XLSX workbook was refused: its first sheet would unpack from [\d.]+ MB to [\d.]+ MB, \d+ times its size; a real workbook packs at most about 30 times, and more than 100 times is a zip bomb, not a spreadsheet$/;
const LIE =
  'The XLSX workbook was refused: its first sheet does not unpack to the size its zip directory declares, as only a damaged or forged file does';
const EMPTY_ROW = '<row spans="1:16" s="1" customFormat="1" ht="15" customHeight="1" thickBot="1" x14ac:dyDescent="0.25"></row>';
let emptyRowsZip: Promise<Buffer> | undefined;
/** The reported bomb: 5,000,000 empty rows, 550 MB in a 1.5 MB workbook. */
const emptyRows = () => (emptyRowsZip ??= workbookZip(sheetOf(5_000_000, () => EMPTY_ROW)));

/** The reported bombs (under 1.5 MB zipped, up to 600 MB unzipped), and workbooks just over each limit. */
const BOMBS: Array<[name: string, zip: () => Promise<Buffer>, message: string | RegExp]> = [
  ['5,000,000 empty rows, 550 MB in a 1.5 MB workbook', emptyRows, RATIO],
  [
    'one cell of 600 MB',
    () =>
      workbookZip(
        sheetOf(
          600_000,
          () => 'x'.repeat(1000),
          `${SHEET_START}<row r="1"><c r="A1" t="inlineStr"><is><t>`,
          `</t></is></c></row>${SHEET_END}`,
        ),
      ),
    RATIO,
  ],
  [
    '3,000,000 cells in one row',
    () => workbookZip(sheetOf(3_000_000, () => '<c><v>1</v></c>', `${SHEET_START}<row r="1">`, `</row>${SHEET_END}`)),
    RATIO,
  ],
  ['the 550 MB of empty rows declared as 1 MB', async () => declaringSheetSize(await emptyRows(), 1_000_000), LIE],
  [
    'a sheet declared as 2 GB',
    async () => declaringSheetSize(await workbookZip(holdingsSheet(['Meta Platforms Inc'])), 2 ** 31),
    'The XLSX workbook was refused: its first sheet unpacks to 2,048 MB, and at most 1,024 MB is read: save the sheet as CSV UTF-8 instead',
  ],
  [
    'a workbook of 10,001 files',
    () =>
      workbookZip(holdingsSheet(['Meta Platforms Inc']), {
        'xl/_rels/workbook.xml.rels': RELS,
        'xl/workbook.xml': WORKBOOK,
        ...Object.fromEntries(Array.from({ length: 9_998 }, (_, i) => [`xl/media/image${i}.png`, ''])),
      }),
    'The XLSX workbook was refused: it holds 10,001 files, more than the 10,000 a workbook may have',
  ],
  [
    '1,048,577 rows',
    () => workbookZip(sheetOf(1_048_577, (r) => `<row r="${r}"/>`)),
    "The XLSX workbook was refused: its first sheet has more than 1,048,576 rows, Excel's own limit",
  ],
  [
    '16,385 cells in a row',
    () => workbookZip(sheetOf(16_385, (i) => `<c r="A1"><v>${i}</v></c>`, `${SHEET_START}<row r="1">`, `</row>${SHEET_END}`)),
    "The XLSX workbook was refused: its first sheet has a row of more than 16,384 cells, Excel's own limit",
  ],
  [
    'a cell of 32,768 characters',
    () => workbookZip(SHEET_START + sheetRow(1, ['x'.repeat(32_768)]) + SHEET_END),
    "The XLSX workbook was refused: its first sheet has a cell of more than 32,767 characters, Excel's own limit",
  ],
  [
    '4,097 rows of one cell in column XFD',
    () => workbookZip(sheetOf(4_097, (r) => `<row r="${r}"><c r="XFD${r}"><v>1</v></c></row>`)),
    /^The XLSX workbook was refused: its first sheet is too wide to be read in reasonable time: counting each row up to its last cell, it spans more than 67,108,864 cells/,
  ],
];
const MESSAGES = Object.fromEntries(
  BOMBS.map(([name, , message]) => [name, typeof message === 'string' ? message : expect.stringMatching(message)]),
);
/** Each bomb's file, by name. */
const bombs: Record<string, string> = {};

beforeAll(async () => {
  for (const [name, zip] of BOMBS) bombs[name] = await writeTemp(`bomb-${Object.keys(bombs).length}.xlsx`, await zip());
}, 120_000);

describe.each(testTargets())('hostile files on %s', (_name, target) => {
  let app: TestApp;
  const transaction = () => jest.spyOn(app.db, 'transaction');

  beforeAll(async () => {
    app = await startApp(await target(), { UPLOAD_MAX_MB: '8' });
    await app.as('admin').post('/api/portfolios').send(PORTFOLIO).expect(201);
  });
  afterAll(() => app.close());

  const upload = (file: string, asOfDate = '2026-11-30') =>
    app.as('officer').post(`/api/portfolios/${PORTFOLIO.code}/holdings`).field('asOfDate', asOfDate).attach('file', file);
  const stored = async () => [
    await app.count('snapshots'),
    await app.count('holdings'),
    await app.count('issuers'),
    await app.count('deals'),
  ];

  describe('an XLSX workbook that cannot be a holdings sheet', () => {
    it.each(BOMBS)('%s: 422 within seconds, before any transaction, nothing stored', async (name) => {
      const before = await stored();
      const spy = transaction();
      const started = performance.now();
      const res = await upload(bombs[name]);
      const seconds = (performance.now() - started) / 1000;
      expect([res.status, res.body.message]).toEqual([422, MESSAGES[name]]);
      expect(seconds).toBeLessThan(5);
      expect(spy).not.toHaveBeenCalled();
      spy.mockRestore();
      expect(await stored()).toEqual(before);
    });

    it('is refused the same way by the deal pipeline and the issuer hierarchy uploads, before their transaction', async () => {
      const before = await stored();
      const spy = transaction();
      const sent: Array<[string, string]> = [
        ['/api/issuance/deals/upload', 'the 550 MB of empty rows declared as 1 MB'],
        ['/api/issuers/hierarchy', '5,000,000 empty rows, 550 MB in a 1.5 MB workbook'],
        ['/api/issuers/hierarchy', '16,385 cells in a row'],
      ];
      const answers = await Promise.all(sent.map(([url, bomb]) => app.as('admin').post(url).attach('file', bombs[bomb])));
      expect(answers.map((r) => [r.status, r.body.message])).toEqual(sent.map(([, bomb]) => [422, MESSAGES[bomb]]));
      expect(spy).not.toHaveBeenCalled();
      spy.mockRestore();
      expect(await stored()).toEqual(before);
    });

    it('does not hold up a small upload sent at the same time', async () => {
      const small = await writeTemp('small.csv', `${HEADER.join(',')}\n${GOOD_LINE}\n`);
      const [bomb, other] = await Promise.all([upload(bombs['1,048,577 rows'], '2026-10-30'), upload(small, '2026-10-30')]);
      expect([bomb.status, other.status]).toEqual([422, 201]);
      expect(other.body).toMatchObject({ rows: 1, asOfDate: '2026-10-30' });
    });
  });

  describe('a damaged workbook, or one that is no workbook', () => {
    const cases: Array<[string, () => Promise<Buffer>]> = [
      ['a workbook cut in half', async () => (await workbookZip(holdingsSheet(['Meta Platforms Inc']))).subarray(0, 400)],
      ['a zip without a workbook in it', () => workbookZip('<document/>', { 'word/document.xml': '<w:document/>' })],
      [
        'a sheet whose XML is broken',
        () => workbookZip(`${SHEET_START}${sheetRow(1, HEADER)}<row r="2"><c r="A2"><v>1</v></row>${SHEET_END}`),
      ],
      [
        'a cell without a reference (exceljs: "Cannot read properties of undefined")',
        () => workbookZip(`${SHEET_START}${sheetRow(1, HEADER)}<row r="2"><c t="inlineStr"><is><t>X</t></is></c></row>${SHEET_END}`),
      ],
      [
        'a cell in column XFE, past the last one',
        () => workbookZip(`${SHEET_START}${sheetRow(1, HEADER)}<row r="2"><c r="XFE2"><v>1</v></c></row>${SHEET_END}`),
      ],
    ];

    it.each(cases)('%s: 422, said plainly', async (name, zip) => {
      const res = await upload(await writeTemp('damaged.xlsx', await zip()));
      expect([res.status, res.body.message]).toEqual([422, UNREADABLE]);
    });

    it('an Excel 97-2003 or password-protected workbook, and UTF-16 text, are told apart', async () => {
      const ole = await writeTemp(
        'old.xls',
        Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]),
      );
      const utf16 = await writeTemp(
        'unicode.txt',
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER.join('\t')}\n`, 'utf16le')]),
      );
      const answers = await Promise.all([upload(ole), upload(utf16)]);
      expect(answers.map((r) => [r.status, r.body.message])).toEqual([
        [
          422,
          'The file is an Excel 97-2003 (.xls) or a password-protected workbook: save it as an .xlsx workbook without a password, or as CSV UTF-8',
        ],
        [422, 'The file is UTF-16 text ("Unicode Text"), not UTF-8: save it as "CSV UTF-8" and upload it again'],
      ]);
    });
  });

  describe('a genuine workbook', () => {
    it('of 5,000 rows written by exceljs is stored whole', async () => {
      const res = await upload(await exceljsHoldings(5_000), '2026-09-30');
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ rows: 5_000, asOfDate: '2026-09-30' });
    });

    it('is read as its central directory lists it, whatever its local entries hide', async () => {
      const listed = await workbookZip(holdingsSheet(['Listed Industries Inc']));
      const hidden = await workbookZip(holdingsSheet(['Hidden Holdings Corp']), {});
      const res = await upload(await writeTemp('hidden.xlsx', withHiddenEntries(listed, hidden)), '2026-08-31');
      expect(res.status).toBe(201);
      const holdings = await app.as('viewer').get(`/api/snapshots/${res.body.snapshotId}/holdings`).expect(200);
      expect(holdings.body.items.map((h: { issuerName: string }) => h.issuerName)).toEqual(['Listed Industries Inc']);
    });
  });

  describe('text that is not UTF-8', () => {
    it('a Latin-1 file is refused on its first bad line, saying which byte and how to fix it', async () => {
      const before = await stored();
      const latin1 = Buffer.from(`${HEADER.join(',')}\n${GOOD_LINE}\n30303MAA0,Société Générale,100,100,2035-11-15\n`, 'latin1');
      const res = await upload(await writeTemp('latin1.csv', latin1));
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({
        message: NOT_UTF8,
        details: [
          {
            row: 3,
            column: '',
            message:
              'byte 0xE9 (character 15 of the line) is not UTF-8; in Latin-1/Windows-1252 it is "é", the encoding the file was probably saved in',
          },
        ],
      });
      expect(await stored()).toEqual(before);
    });

    it('names a Windows-1252 character, and a UTF-8 character cut off at the end of the file', async () => {
      const quote = Buffer.concat([
        Buffer.from(`${HEADER.join(',')}\n30303MAA0,Moody`),
        Buffer.from([0x92]),
        Buffer.from('s Corp,100,100,2035-11-15\n'),
      ]);
      const cut = Buffer.concat([Buffer.from(`${HEADER.join(',')}\n${GOOD_LINE}\n${GOOD_LINE}\n30303MAA0,Nestl`), Buffer.from([0xc3])]);
      const answers = await Promise.all([upload(await writeTemp('cp1252.csv', quote)), upload(await writeTemp('cut.csv', cut))]);
      expect(answers.map((r) => r.body.details)).toEqual([
        [
          {
            row: 2,
            column: '',
            message:
              'byte 0x92 (character 16 of the line) is not UTF-8; in Latin-1/Windows-1252 it is "’", the encoding the file was probably saved in',
          },
        ],
        [
          {
            row: 4,
            column: '',
            message:
              'byte 0xC3 (character 16 of the line) is not UTF-8; in Latin-1/Windows-1252 it is "Ã", the encoding the file was probably saved in',
          },
        ],
      ]);
    });

    it('a UTF-8 file with a BOM and a character across the 1 MB read boundary is stored as it was', async () => {
      const head = `\uFEFF${HEADER.join(',')}\n`;
      const filler = `${GOOD_LINE}\n`.repeat(Math.floor(((1 << 20) - 200) / (GOOD_LINE.length + 1)));
      const pad = 'x'.repeat((1 << 20) - Buffer.byteLength(head + filler) - '30303MAA0,'.length - 1);
      const text = `${head}${filler}30303MAA0,${pad}é Générale,100,100,2035-11-15\n`;
      expect(Buffer.from(text).subarray((1 << 20) - 1, (1 << 20) + 1)).toEqual(Buffer.from('é'));
      const res = await upload(await writeTemp('boundary.csv', text), '2026-07-31');
      expect(res.status).toBe(201);
      const last = await app
        .as('viewer')
        .get(`/api/snapshots/${res.body.snapshotId}/holdings?limit=1&offset=${res.body.rows - 1}`)
        .expect(200);
      expect(last.body.items.at(-1).issuerName).toBe(`${pad}é Générale`);
    });
  });

  it('two files in the field "file" are a 400 naming it', async () => {
    const a = await writeTemp('a.csv', `${HEADER.join(',')}\n${GOOD_LINE}\n`);
    const res = await app
      .as('officer')
      .post(`/api/portfolios/${PORTFOLIO.code}/holdings`)
      .field('asOfDate', '2026-11-30')
      .attach('file', a)
      .attach('file', a);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      message: 'Send one file per upload: the field "file" appears twice',
      details: [{ field: 'file', message: 'only one file may be sent' }],
    });
  });

  it('10,000 unknown columns are warned about in one readable line', async () => {
    const unknown = Array.from({ length: 10_000 }, (_, i) => `extra_${i + 1}`);
    const csv = `${[...HEADER, ...unknown].join(',')}\n${GOOD_LINE}${','.repeat(10_000)}\n`;
    const res = await upload(await writeTemp('wide.csv', csv), '2026-06-30');
    expect(res.status).toBe(201);
    expect(res.body.warnings).toEqual([`10,000 unknown columns ignored: ${unknown.slice(0, 20).join(', ')}, ... (first 20 listed)`]);
  });

  describe('temporary upload files', () => {
    it('live in DATA_DIR/uploads, in a folder named after this process, and are gone after every answer', async () => {
      const csv = (name: string, text: string | Buffer) => writeTemp(name, text);
      const answers = await Promise.all([
        upload(await csv('ok.csv', `${HEADER.join(',')}\n02079KAA5,Alphabet Inc,500,499.5,2055-05-15\n`), '2026-05-29'),
        upload(await csv('big.csv', `${HEADER.join(',')}\n${`${GOOD_LINE}\n`.repeat(200_000)}`)),
        upload(await csv('latin1.csv', Buffer.from(`${HEADER.join(',')}\n30303MAA0,Société,1,1,2035-11-15\n`, 'latin1'))),
        upload(bombs['one cell of 600 MB']),
        app
          .as('officer')
          .post(`/api/portfolios/${PORTFOLIO.code}/holdings`)
          .attach('file', await csv('a.csv', 'a'))
          .attach('file', await csv('b.csv', 'b')),
        app
          .as('officer')
          .post(`/api/portfolios/${PORTFOLIO.code}/holdings`)
          .set('Content-Type', 'multipart/form-data; boundary=xyz')
          .send('--xyz\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\n\r\nabc'),
      ]);
      expect(answers.map((r) => r.status)).toEqual([201, 413, 422, 422, 400, 400]);
      await waitFor('the folders to go', () => (uploadFolders(app.config.dataDir).length === 0 ? true : undefined), 5_000);
    });

    it('of an upload the client abandons are removed', async () => {
      const server = app.nest.getHttpServer();
      if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const req = unfinishedUpload(`http://127.0.0.1:${port}/api/portfolios/${PORTFOLIO.code}/holdings`, app.keys.officer, 1 << 20);
      const [file] = await waitFor('the upload to reach the disk', () => {
        const files = uploadFiles(app.config.dataDir).filter((f) => f.bytes > 0);
        return files.length ? files : undefined;
      });
      expect(file.folder).toMatch(new RegExp(`^${hostname().slice(0, 40)}:${process.pid}:\\d+:[0-9a-f]+_\\w{6}$`));
      req.destroy();
      await waitFor('the folder to go', () => (uploadFolders(app.config.dataDir).length === 0 ? true : undefined), 5_000);
    });
  });
});

describe('upload folders left by processes that ended', () => {
  it('are removed at start, those of a live process are kept', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'iem-leftovers-'));
    made.push(dataDir);
    const host = hostname().slice(0, 40);
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    const folders = {
      deadProcess: `${host}:${await deadPid()}:1764460800000:0a1b2c3d_AbC123`,
      thisPidEarlierStart: `${host}:${process.pid}:1764460800000:0a1b2c3d_DeF456`,
      otherHostDayOld: 'replica-7:1:1764460800000:0a1b2c3d_GhI789',
      liveProcess: `${host}:${sleeper.pid}:1764460800000:0a1b2c3d_JkL012`,
      otherHostRecent: 'replica-8:1:1764460800000:0a1b2c3d_MnO345',
    };
    for (const folder of Object.values(folders)) {
      mkdirSync(join(dataDir, 'uploads', folder), { recursive: true });
      writeFileSync(join(dataDir, 'uploads', folder, 'file'), Buffer.alloc(1 << 20));
    }
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    utimesSync(join(dataDir, 'uploads', folders.otherHostDayOld), twoDaysAgo, twoDaysAgo);
    const app = await startApp(freshSqlite(), { DATA_DIR: dataDir });
    try {
      expect(uploadFolders(dataDir).sort()).toEqual([folders.liveProcess, folders.otherHostRecent].sort());
    } finally {
      sleeper.kill();
      await app.close();
    }
  });
});

describe('the built service', () => {
  it('refuses the bombs in bounded memory, answering a small upload sent at the same time', async () => {
    const service = await ServiceProcess.start();
    made.push(service.dataDir);
    try {
      await service.api('/api/portfolios', { method: 'POST', body: JSON.stringify(PORTFOLIO) });
      const send = async (path: string, asOfDate = '2026-11-30') => {
        const form = new FormData();
        form.set('asOfDate', asOfDate);
        form.set('file', await openAsBlob(path), 'holdings');
        const started = performance.now();
        const res = await service.api(`/api/portfolios/${PORTFOLIO.code}/holdings`, { method: 'POST', body: form });
        return { status: res.status, seconds: (performance.now() - started) / 1000 };
      };
      const small = await writeTemp('small.csv', `${HEADER.join(',')}\n${GOOD_LINE}\n`);
      const answers = await Promise.all([...Object.values(bombs).map((bomb) => send(bomb)), send(small)]);
      expect(answers.map((a) => a.status)).toEqual([...BOMBS.map(() => 422), 201]);
      expect(Math.max(...answers.map((a) => a.seconds))).toBeLessThan(10);
      expect(service.peakRssMb()).toBeLessThan(400);
    } finally {
      await service.stop();
    }
  });

  it('killed with -9 during an upload, leaves its file, which the next start removes', async () => {
    const service = await ServiceProcess.start();
    made.push(service.dataDir);
    await service.api('/api/portfolios', { method: 'POST', body: JSON.stringify(PORTFOLIO) });
    const req = unfinishedUpload(`${service.url}/api/portfolios/${PORTFOLIO.code}/holdings`, BENCH_ADMIN_KEY, 2 << 20);
    await waitFor('the upload to reach the disk', () => (uploadFiles(service.dataDir).some((f) => f.bytes >= 1 << 20) ? true : undefined));
    await service.kill('SIGKILL');
    req.destroy();
    expect(uploadFiles(service.dataDir)).toEqual([{ folder: expect.stringContaining(`:${service.pid}:`), bytes: expect.any(Number) }]);
    const restarted = await ServiceProcess.start({ env: { DATA_DIR: service.dataDir } });
    try {
      expect(uploadFolders(service.dataDir)).toEqual([]);
    } finally {
      await restarted.stop();
    }
  });
});
