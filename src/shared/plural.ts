/** A count with its noun, singular or plural: "1 problem", "2 problems", "0 breaches". */
export function counted(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
