/** A NAIC designation as holdings files and deals give it: 1..6, or a category 1.A-1.G, 2.A-5.C, or 6. */
export const NAIC_DESIGNATION = /^([1-6]|1\.[A-G]|[2-5]\.[A-C])$/;

export const NAIC_DESIGNATION_RULE = 'must be 1 to 6 or a category 1.A-1.G, 2.A-5.C';

/** The designation's number 1..6, which limits count by; null when unrated. */
export function naicNumber(designation: string | null | undefined): number | null {
  return designation ? Number(designation[0]) : null;
}
