/**
 * Spreadsheet/CSV column names compared without regard to case, spacing or separators:
 * 'Par Value', 'PAR_VALUE' and ' par-value ' all give 'par_value'.
 */
export function normalizeHeader(h: string): string {
  return (
    h
      .toLowerCase()
      // Anything but letters and digits at the ends: whitespace, a UTF-8 BOM, dots, parentheses, colons...
      .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')
      .replace(/[\s_-]+/g, '_')
  );
}
