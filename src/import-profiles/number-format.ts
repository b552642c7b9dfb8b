/** How a file writes 1234.56: the thousands separator, then the decimal mark. */
export const NUMBER_FORMATS = ['1,234.56', '1.234,56', '1 234,56'] as const;
export type NumberFormat = (typeof NUMBER_FORMATS)[number];

const SWAPS: Record<NumberFormat, { marks: RegExp; ours: Record<string, string> } | null> = {
  '1,234.56': null,
  '1.234,56': { marks: /[.,]/g, ours: { '.': ',', ',': '.' } },
  // Spreadsheets write the thousands space as a no-break space (U+00A0) or a narrow one (U+202F);
  // a point has no place in this notation, so it becomes a character no number has.
  '1 234,56': { marks: /[ \u00a0\u202f,.]/g, ours: { ' ': ',', '\u00a0': ',', '\u202f': ',', ',': '.', '.': '?' } },
};

/**
 * The number in our own notation ("1,234.56"), so that the one money parser, with its check of
 * thousands groups, reads every format. Text that is no number stays no number.
 */
export function toOurNotation(text: string, format: NumberFormat): string {
  const swap = SWAPS[format];
  return swap ? text.replace(swap.marks, (mark) => swap.ours[mark]) : text;
}
