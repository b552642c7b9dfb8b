/** Sectors compare without regard to case and spaces (SPEC 5.4): "Technology", " technology ", "TECHNOLOGY". */
export function sectorKey(sector: string): string {
  return sector.trim().replace(/\s+/g, ' ').toLowerCase();
}
