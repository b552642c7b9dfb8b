import { cellTag, Element, elementOf, EXCEL_MAX_COLUMNS } from './xlsx-xml-tags.js';

/** The element named by the whole of `name`, read from inside a larger buffer. */
const element = (name: string) => elementOf(Buffer.from(`<${name}>`), 1, 1 + name.length);
/** A cell's start tag read just after its name (`<c`); its end is an offset from the `<`. */
const tag = (afterName: string) => cellTag(Buffer.from(`<c${afterName}`), 2);

describe('elementOf', () => {
  it('knows the elements the meter counts by, and no other', () => {
    expect(['c', 'v', 'f', 't', 'is', 'si', 'row', 'sheetData'].map(element)).toEqual([
      Element.Cell,
      Element.Value,
      Element.Value,
      Element.Value,
      Element.Value,
      Element.SharedString,
      Element.Row,
      Element.SheetData,
    ]);
    expect(['x', 'r', 'sst', 'rows', 'sheetdata', 'worksheet'].map(element)).toEqual(new Array(6).fill(Element.Other));
  });
});

describe('cellTag', () => {
  it('reads the column of r as exceljs does: the capital letters before the first digit, A = 1', () => {
    expect(tag(' r="A1">')).toEqual({ column: 1, end: '<c r="A1">'.length, selfClosing: false });
    expect(tag(' r="AB12" s="1"/>')).toEqual({ column: 28, end: '<c r="AB12" s="1"/>'.length, selfClosing: true });
    expect(tag(" t='s' r='XFD7'>")?.column).toBe(EXCEL_MAX_COLUMNS);
    expect(tag(' r="$B$3">')?.column).toBe(2);
  });

  it('reads r only as an attribute of its own, and a cell without one as the last column', () => {
    expect(tag(` x=' r="B1"' r="C1">`)?.column).toBe(3);
    expect(tag('\nr = "D1"/>')?.column).toBe(4);
    expect(tag('><v>1</v>')?.column).toBe(EXCEL_MAX_COLUMNS);
    expect(tag(' r="ZZZZ1">')?.column).toBe(EXCEL_MAX_COLUMNS);
  });

  it('looks past a > inside a quoted value, and answers null for a tag that goes on in the next chunk', () => {
    expect(tag(' x="a>b" r="B1"><v>1</v>')).toEqual({ column: 2, end: '<c x="a>b" r="B1">'.length, selfClosing: false });
    expect(tag(' r="B1" s="')).toBeNull();
  });
});
