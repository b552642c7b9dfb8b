/**
 * What the XLSX meter (xlsx-xml-meter.ts) reads of a tag, straight from the bytes: which element its
 * name is, and for a cell's start tag, the column its `r` attribute names.
 */

/** Excel's last column, XFD: a row holds at most this many cells. */
export const EXCEL_MAX_COLUMNS = 16_384;

/** The elements the XLSX meter counts by; any other is Other. */
export enum Element {
  Other,
  SheetData,
  Row,
  Cell,
  Value,
  SharedString,
}

/** The elements that count, by the length of their name; one-letter names (most tags) by their letter. */
const ELEMENTS_BY_LENGTH: Array<Array<{ name: Buffer; element: Element }>> = [];
const ELEMENTS_BY_LETTER: Element[] = new Array<Element>(256).fill(Element.Other);
for (const [name, element] of [
  ['c', Element.Cell],
  ['v', Element.Value],
  ['f', Element.Value],
  ['t', Element.Value],
  ['is', Element.Value],
  ['si', Element.SharedString],
  ['row', Element.Row],
  ['sheetData', Element.SheetData],
] as const) {
  if (name.length === 1) ELEMENTS_BY_LETTER[name.charCodeAt(0)] = element;
  else (ELEMENTS_BY_LENGTH[name.length] ??= []).push({ name: Buffer.from(name), element });
}

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const SLASH = 0x2f;
const GT = 0x3e;
const EQUALS = 0x3d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const LETTER_A = 0x41;
const LETTER_Z = 0x5a;
const LETTER_R = 0x72;

/** Indexed loops: a sheet has four tags per cell, and a native compare or an iterator costs more than these few bytes. */
export function elementOf(data: Buffer, start: number, end: number): Element {
  if (end - start === 1) return ELEMENTS_BY_LETTER[data[start]];
  const candidates = ELEMENTS_BY_LENGTH[end - start];
  if (!candidates) return Element.Other;
  for (let k = 0; k < candidates.length; k++) {
    const { name, element } = candidates[k];
    let i = 0;
    while (i < name.length && data[start + i] === name[i]) i++;
    if (i === name.length) return element;
  }
  return Element.Other;
}

/**
 * Reads a cell's attributes up to the `>` that ends its start tag (quoted values may hold `>`),
 * or null when the tag goes on in the next chunk. The column is the one exceljs reads in `r`:
 * its capital letters before the first digit (A = 1); a cell without one counts as the last column.
 */
export function cellTag(data: Buffer, from: number): { column: number; end: number; selfClosing: boolean } | null {
  let quote = 0;
  let nameLength = 0;
  let nameByte = 0;
  let newName = true;
  let nextValueIsR = false;
  let inR = false;
  let digits = false;
  let column = EXCEL_MAX_COLUMNS;
  for (let i = from; i < data.length; i++) {
    const byte = data[i];
    if (quote) {
      if (byte === quote) {
        quote = 0;
        inR = false;
        newName = true;
      } else if (inR && !digits) {
        if (byte >= LETTER_A && byte <= LETTER_Z) column = column * 26 + byte - LETTER_A + 1;
        else digits = byte >= DIGIT_0 && byte <= DIGIT_9;
      }
    } else if (byte === GT) {
      return { column: Math.min(column, EXCEL_MAX_COLUMNS), end: i + 1, selfClosing: data[i - 1] === SLASH };
    } else if (byte === QUOTE || byte === APOSTROPHE) {
      quote = byte;
      inR = nextValueIsR;
      nextValueIsR = false;
      if (inR) column = 0;
    } else if (byte === EQUALS) {
      nextValueIsR = nameLength === 1 && nameByte === LETTER_R;
      newName = true;
    } else if (isNameEnd(byte)) {
      newName = true;
    } else {
      nameLength = newName ? 1 : nameLength + 1;
      nameByte = byte;
      newName = false;
    }
  }
  return null;
}

export function isNameEnd(byte: number): boolean {
  return byte === GT || byte === SLASH || byte === SPACE || byte === TAB || byte === LF || byte === CR;
}
