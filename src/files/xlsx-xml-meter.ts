import { refused } from './xlsx-parts.js';
import { cellTag, Element, elementOf, EXCEL_MAX_COLUMNS, isNameEnd } from './xlsx-xml-tags.js';

/** Excel's own limits: no workbook Excel can save goes beyond them. */
const EXCEL_MAX_ROWS = 1_048_576;
const EXCEL_MAX_CELLS_PER_ROW = EXCEL_MAX_COLUMNS;
const EXCEL_MAX_CELL_CHARS = 32_767;
/**
 * exceljs walks each row up to its last cell, so a row whose one cell is in column XFD costs as
 * much as 16,384 cells: a sheet within Excel's limits could take an hour. Counted so, a sheet
 * may span 1,048,576 rows of 64 columns; a full sheet that size would be over 1 GB anyway.
 */
export const MAX_CELLS_TO_ROW_ENDS = 64 * EXCEL_MAX_ROWS;
/** No spreadsheet comes near these; they bound the strings the XML parser builds. */
const MAX_MARKUP_BYTES = 1 << 20;
const MAX_TEXT_OUTSIDE_CELLS = 1 << 20;

export type MeteredPart = 'first sheet' | 'shared strings';

enum State {
  Text,
  TagStart,
  Attributes,
  Instruction,
  Comment,
  CData,
}

const NUL = 0x00;
const QUOTE = 0x22;
const AMPERSAND = 0x26;
const APOSTROPHE = 0x27;
const SLASH = 0x2f;
const SEMICOLON = 0x3b;
const LT = 0x3c;
const GT = 0x3e;
const QUESTION = 0x3f;
const EXCLAMATION = 0x21;

/**
 * Counts rows, cells per row and characters per cell of a sheet (or per string of the shared
 * strings) as its XML streams by, and refuses the workbook at the first count over its limit.
 * Characters are counted where exceljs gathers them: it starts a new text at each v, f, t or is
 * element of a cell (at each shared string), and adds whatever text follows, in a cell or not, to
 * the last one. Comments, CDATA and processing instructions are read to their end, because the
 * parser gathers them whole; a DOCTYPE (which no workbook has) is refused.
 */
export class XlsxXmlMeter {
  private state = State.Text;
  /** The start of a tag whose name had not arrived whole, read again with the next chunk. */
  private carried: Buffer | null = null;
  private lastByte = 0;
  private closing = false;
  private element = Element.Other;
  private quote = 0;
  private markupBytes = 0;
  private entityBytes = -1;
  private inSheetData = false;
  private inRow = false;
  private inCell = false;
  private rows = 0;
  private cells = 0;
  private rowEnd = 0;
  private cellsToRowEnds = 0;
  private cellChars = 0;
  private charsOutsideCells = 0;

  constructor(private readonly part: MeteredPart) {}

  write(chunk: Buffer): void {
    if (chunk.includes(NUL)) this.refuse('is not UTF-8 XML (it holds a NUL byte)');
    const data = this.carried ? Buffer.concat([this.carried, chunk]) : chunk;
    this.carried = null;
    let i = 0;
    while (i < data.length) i = this.read(data, i);
    this.lastByte = data[data.length - 1];
  }

  private read(data: Buffer, i: number): number {
    switch (this.state) {
      case State.Text:
        return this.readText(data, i);
      case State.TagStart:
        return this.readTagStart(data, i);
      case State.Attributes:
        return this.readAttributes(data, i);
      case State.Instruction:
        return this.skipTo('?>', data, i);
      case State.Comment:
        return this.skipTo('-->', data, i);
      case State.CData:
        return this.readCData(data, i);
    }
  }

  /** Up to the next `<`, counting characters: one per UTF-8 lead byte, one per entity (`&amp;`). */
  private readText(data: Buffer, from: number): number {
    let chars = 0;
    let entityBytes = this.entityBytes;
    let i = from;
    for (; i < data.length; i++) {
      const byte = data[i];
      if (byte === LT) break;
      // A name longer than any entity's is counted as text, so that it too stays bounded.
      if (entityBytes >= 0) entityBytes = byte === SEMICOLON || entityBytes > 10 ? -1 : entityBytes + 1;
      else if ((byte & 0xc0) !== 0x80) chars++;
      if (byte === AMPERSAND) entityBytes = 0;
    }
    this.entityBytes = entityBytes;
    this.countChars(chars);
    if (i === data.length) return i;
    this.state = State.TagStart;
    this.markupBytes = 1;
    return i + 1;
  }

  /** Just after `<`: a declaration, or an element's name (whole, or carried to the next chunk). */
  private readTagStart(data: Buffer, from: number): number {
    if (data[from] === QUESTION) return this.enter(State.Instruction, from + 1);
    if (data[from] === EXCLAMATION) return this.readDeclarationStart(data, from);
    this.closing = data[from] === SLASH;
    const start = this.closing ? from + 1 : from;
    let end = start;
    while (end < data.length && !isNameEnd(data[end])) end++;
    if (end === data.length) return this.carry(data, from);
    this.element = elementOf(data, start, end);
    if (this.element === Element.Cell && this.inRow && !this.closing) return this.readCellTag(data, from, end);
    if (this.closing) this.closed(this.element);
    else this.opened(this.element);
    return this.enter(State.Attributes, end);
  }

  private readDeclarationStart(data: Buffer, from: number): number {
    const head = data.toString('latin1', from, from + 9);
    if (head.startsWith('!--')) return this.enter(State.Comment, from + 3);
    if (head.startsWith('![CDATA[')) return this.enter(State.CData, from + 8);
    if (from + 9 > data.length && ('![CDATA['.startsWith(head) || '!--'.startsWith(head))) return this.carry(data, from);
    this.refuse('holds a DOCTYPE or another declaration, which a workbook never does');
  }

  /** Up to the `>` that ends the tag, outside quoted values (which may hold `>`). */
  private readAttributes(data: Buffer, from: number): number {
    let quote = this.quote;
    let i = from;
    for (; i < data.length; i++) {
      const byte = data[i];
      if (quote) quote = byte === quote ? 0 : quote;
      else if (byte === QUOTE || byte === APOSTROPHE) quote = byte;
      else if (byte === GT) break;
    }
    this.quote = quote;
    this.grow(i - from);
    if (i === data.length) return i;
    if ((i > 0 ? data[i - 1] : this.lastByte) === SLASH && !this.closing) this.closed(this.element);
    this.state = State.Text;
    return i + 1;
  }

  /** A cell's start tag, whole (or carried to the next chunk): its column may lengthen the row. */
  private readCellTag(data: Buffer, from: number, nameEnd: number): number {
    const tag = cellTag(data, nameEnd);
    if (!tag) return this.carry(data, from);
    this.grow(tag.end - nameEnd);
    this.cellOpened(tag.column);
    if (tag.selfClosing) this.closed(Element.Cell);
    return this.enter(State.Text, tag.end);
  }

  private readCData(data: Buffer, from: number): number {
    const end = data.indexOf(']]>', from);
    const counted = end < 0 ? Math.max(from, data.length - 2) : end;
    let chars = 0;
    for (let i = from; i < counted; i++) if ((data[i] & 0xc0) !== 0x80) chars++;
    this.countChars(chars);
    if (end >= 0) return this.enter(State.Text, end + 3);
    // `]]` at the very end may be the start of the terminator.
    return counted < data.length ? this.carry(data, counted) : counted;
  }

  private skipTo(terminator: string, data: Buffer, from: number): number {
    const end = data.indexOf(terminator, from);
    if (end >= 0) {
      this.grow(end + terminator.length - from);
      return this.enter(State.Text, end + terminator.length);
    }
    const kept = Math.max(from, data.length - terminator.length + 1);
    this.grow(kept - from);
    return kept < data.length ? this.carry(data, kept) : kept;
  }

  private enter(state: State, at: number): number {
    this.state = state;
    return at;
  }

  private carry(data: Buffer, from: number): number {
    this.grow(data.length - from);
    this.carried = Buffer.from(data.subarray(from));
    return data.length;
  }

  private opened(element: Element): void {
    if (this.part === 'shared strings') {
      if (element === Element.SharedString) this.startText(true);
    } else if (element === Element.SheetData) this.inSheetData = true;
    else if (element === Element.Row && this.inSheetData) this.rowOpened();
    else if (element === Element.Value && this.inCell) this.startText(true);
  }

  private closed(element: Element): void {
    if (this.part === 'shared strings') {
      if (element === Element.SharedString) this.startText(false);
    } else if (element === Element.SheetData) this.inSheetData = false;
    else if (element === Element.Row) this.inRow = false;
    else if (element === Element.Cell) this.inCell = false;
  }

  private rowOpened(): void {
    if (++this.rows > EXCEL_MAX_ROWS) this.refuse(`has more than ${EXCEL_MAX_ROWS.toLocaleString('en-US')} rows, Excel's own limit`);
    this.inRow = true;
    this.cells = 0;
    this.rowEnd = 0;
  }

  private cellOpened(column: number): void {
    if (++this.cells > EXCEL_MAX_CELLS_PER_ROW) {
      this.refuse(`has a row of more than ${EXCEL_MAX_CELLS_PER_ROW.toLocaleString('en-US')} cells, Excel's own limit`);
    }
    if (column > this.rowEnd) {
      this.cellsToRowEnds += column - this.rowEnd;
      this.rowEnd = column;
      if (this.cellsToRowEnds > MAX_CELLS_TO_ROW_ENDS) {
        this.refuse(
          `is too wide to be read in reasonable time: counting each row up to its last cell, it spans more than ${MAX_CELLS_TO_ROW_ENDS.toLocaleString('en-US')} cells ` +
            `(${EXCEL_MAX_ROWS.toLocaleString('en-US')} rows of 64 columns). Delete the columns you do not need, or save it as CSV UTF-8`,
        );
      }
    }
    this.inCell = true;
  }

  /** Where exceljs starts a new text: a cell's value or formula, or a shared string. */
  private startText(inCell: boolean): void {
    this.inCell = inCell;
    this.cellChars = 0;
    this.charsOutsideCells = 0;
  }

  private countChars(chars: number): void {
    if (!this.inCell) {
      this.charsOutsideCells += chars;
      if (this.charsOutsideCells > MAX_TEXT_OUTSIDE_CELLS) this.refuse('holds more than 1 MB of text outside its cells');
    } else if ((this.cellChars += chars) > EXCEL_MAX_CELL_CHARS) {
      const what = this.part === 'shared strings' ? 'text' : 'cell';
      this.refuse(`has a ${what} of more than ${EXCEL_MAX_CELL_CHARS.toLocaleString('en-US')} characters, Excel's own limit`);
    }
  }

  private grow(bytes: number): void {
    this.markupBytes += bytes;
    if (this.markupBytes > MAX_MARKUP_BYTES) this.refuse('holds an XML tag longer than 1 MB');
  }

  private refuse(problem: string): never {
    throw refused(`its ${this.part} ${problem}`);
  }
}
