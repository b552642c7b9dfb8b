import fc from 'fast-check';
import { UploadRejected } from '../common/errors.js';
import { MAX_CELLS_TO_ROW_ENDS, XlsxXmlMeter, type MeteredPart } from './xlsx-xml-meter.js';

const sheet = (rows: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="x"><sheetData>${rows}</sheetData></worksheet>`;
const row = (cells: string, r = 1) => `<row r="${r}">${cells}</row>`;
const cell = (ref: string, value: string) => `<c r="${ref}" t="inlineStr"><is><t>${value}</t></is></c>`;
const rows = (count: number, make: (r: number) => string = (r) => `<row r="${r}"/>`) =>
  Array.from({ length: count }, (_, i) => make(i + 1)).join('');

/** The meter's answer for `xml` cut into chunks at `cuts` (byte offsets), or fed in 64 KB chunks. */
function meter(xml: string, part: MeteredPart = 'first sheet', cuts?: number[]): string {
  const bytes = Buffer.from(xml);
  const ends = cuts ? [...new Set(cuts)].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b) : [];
  if (!cuts) for (let at = 65_536; at < bytes.length; at += 65_536) ends.push(at);
  const meterOf = new XlsxXmlMeter(part);
  try {
    let start = 0;
    for (const end of [...ends, bytes.length]) {
      meterOf.write(bytes.subarray(start, end));
      start = end;
    }
    return 'accepted';
  } catch (err) {
    if (!(err instanceof UploadRejected)) throw err;
    return err.message.replace('The XLSX workbook was refused: its ', '');
  }
}

describe('XlsxXmlMeter', () => {
  it("accepts a sheet at Excel's limits: 1,048,576 rows, 16,384 cells in a row, 32,767 characters in a cell", () => {
    expect(meter(sheet(rows(1_048_576)))).toBe('accepted');
    expect(meter(sheet(row(rows(16_384, () => '<c r="A1"/>'))))).toBe('accepted');
    expect(meter(sheet(row(cell('A1', 'x'.repeat(32_767)))))).toBe('accepted');
  });

  it('refuses one row, one cell or one character more', () => {
    expect(meter(sheet(rows(1_048_577)))).toBe("first sheet has more than 1,048,576 rows, Excel's own limit");
    expect(meter(sheet(row(rows(16_385, () => '<c r="A1"/>'))))).toBe("first sheet has a row of more than 16,384 cells, Excel's own limit");
    expect(meter(sheet(row(cell('A1', 'x'.repeat(32_768)))))).toBe(
      "first sheet has a cell of more than 32,767 characters, Excel's own limit",
    );
    expect(meter(`<sst><si><t>${'x'.repeat(32_768)}</t></si></sst>`, 'shared strings')).toBe(
      "shared strings has a text of more than 32,767 characters, Excel's own limit",
    );
  });

  it('counts characters, not bytes: a multi-byte character or an entity is one', () => {
    expect(meter(sheet(row(cell('A1', 'é'.repeat(32_767)))))).toBe('accepted');
    expect(meter(sheet(row(cell('A1', '&amp;'.repeat(32_767)))))).toBe('accepted');
    expect(meter(sheet(row(cell('A1', `${'&#x1F600;'.repeat(32_767)}x`))))).toContain('more than 32,767 characters');
  });

  it('gives the same answer wherever the chunks are cut', () => {
    const xml = sheet(
      row(`${cell('A1', 'Soci&amp;été')}<c r="XFD1" s="2"><f>SUM(A1:B1)</f><v>3</v></c>`) +
        `<!-- a comment with <row> and > inside --><?pi x > y?>${row(`<c r='B2'><is><t><![CDATA[<not a tag>]]></t></is></c>`, 2)}`,
    );
    const whole = meter(xml);
    expect(whole).toBe('accepted');
    fc.assert(fc.property(fc.array(fc.nat(xml.length), { maxLength: 12 }), (cuts) => meter(xml, 'first sheet', cuts) === whole));
    const tooLong = sheet(row(cell('A1', 'é'.repeat(32_768))));
    fc.assert(
      fc.property(fc.array(fc.nat(tooLong.length * 2), { maxLength: 8 }), (cuts) => meter(tooLong, 'first sheet', cuts).includes('32,767')),
      { numRuns: 20 },
    );
  });

  it('adds text to the last value like exceljs does: after a value, in a cell without one, or outside cells', () => {
    expect(meter(sheet(row(`${cell('A1', 'x'.repeat(30_000))}<c r="B1">${'y'.repeat(3_000)}</c>`)))).toContain(
      'more than 32,767 characters',
    );
    expect(meter(sheet(row(`${cell('A1', 'x'.repeat(30_000))}${cell('B1', 'y'.repeat(30_000))}`)))).toBe('accepted');
    expect(meter(sheet(`${row(cell('A1', 'x'))}${'<x/>text'.repeat(300_000)}`))).toBe(
      'first sheet holds more than 1 MB of text outside its cells',
    );
  });

  it('counts each row up to its last cell, as exceljs walks it: a far-right cell costs its column', () => {
    const farRight = (count: number) => sheet(rows(count, (r) => row(`<c r="XFD${r}"><v>1</v></c>`, r)));
    expect(MAX_CELLS_TO_ROW_ENDS / 16_384).toBe(4_096);
    expect(meter(farRight(4_096))).toBe('accepted');
    expect(meter(farRight(4_097))).toContain(
      'first sheet is too wide to be read in reasonable time: counting each row up to its last cell, it spans more than 67,108,864 cells',
    );
  });

  it('reads a cell reference as exceljs does, and a cell without one as the last column', () => {
    const many = (make: (r: number) => string) => meter(sheet(rows(4_097, (r) => row(make(r), r))));
    expect(many((r) => `<c x=' r="A${r}"' r="$XFD$${r}"><v>1</v></c>`)).toContain('too wide');
    expect(many((r) => `<c\nr = 'XFD${r}'/>`)).toContain('too wide');
    expect(many(() => '<c><v>1</v></c>')).toContain('too wide');
    expect(many((r) => `<c r="A${r}" s="1"/><c r="P${r}"/>`)).toBe('accepted');
  });

  it('refuses what no workbook holds: a DOCTYPE, a NUL byte, a tag over 1 MB', () => {
    expect(meter(`<!DOCTYPE x [<!ENTITY a "aaaa">]>${sheet('')}`)).toBe(
      'first sheet holds a DOCTYPE or another declaration, which a workbook never does',
    );
    expect(meter(sheet(row(cell('A1', 'a\u0000b'))))).toBe('first sheet is not UTF-8 XML (it holds a NUL byte)');
    expect(meter(sheet(row(`<c r="A1" x="${'a'.repeat(1 << 20)}"/>`)))).toBe('first sheet holds an XML tag longer than 1 MB');
    expect(meter(sheet(`<!--${'-'.repeat(1 << 20)}`))).toBe('first sheet holds an XML tag longer than 1 MB');
  });

  it('sums the runs of a rich shared string, and starts again at the next one', () => {
    const runs = (n: number) =>
      `<si>${Array.from({ length: n }, () => `<r><rPr><b/></rPr><t>${'x'.repeat(10_000)}</t></r>`).join('')}</si>`;
    expect(meter(`<sst>${runs(3)}${runs(3)}</sst>`, 'shared strings')).toBe('accepted');
    expect(meter(`<sst>${runs(4)}</sst>`, 'shared strings')).toContain('more than 32,767 characters');
  });
});
