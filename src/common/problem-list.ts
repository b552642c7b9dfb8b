import type { RowProblem } from './errors.js';

/** Keeps the first problems of a file (1,000 by default) and counts them all. */
export class ProblemList {
  readonly listed: RowProblem[] = [];
  total = 0;

  constructor(private readonly cap = 1000) {}

  add(problems: RowProblem[]): void {
    this.total += problems.length;
    for (const problem of problems) if (this.listed.length < this.cap) this.listed.push(problem);
  }

  get empty(): boolean {
    return this.total === 0;
  }
}
