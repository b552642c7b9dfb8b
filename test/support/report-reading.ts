/** Reading the HTML report as its reader does: its problem sections, and the cells of a table row. */

export function sectionsOf(html: string): string[] {
  return html.split('<section class="problem">').slice(1);
}

/** The text of each cell of a row, tags left out (entities kept, so that escaping shows). */
export function cellsOf(row: string): string[] {
  return [...row.matchAll(/<t[dh][^>]*>(.*?)<\/t[dh]>/g)].map((m) => m[1].replace(/<[^>]+>/g, ''));
}

/** The cells of the figures row with this header. */
export function figureRow(html: string, label: string): string[] {
  return cellsOf(new RegExp(`<tr><th scope="row">${label}</th>.*?</tr>`).exec(html)![0]);
}

/** The rows of the concentration table, cells as text. */
export function concentrationRows(html: string): string[][] {
  const table = /<section class="concentration">.*?<\/section>/s.exec(html)![0];
  return [...table.matchAll(/<tr><td.*?<\/tr>/g)].map((m) => cellsOf(m[0]));
}
