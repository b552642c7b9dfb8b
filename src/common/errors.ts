import { counted } from '../shared/plural.js';

/** Domain errors that services throw; the error-shape filter maps each to its status. */
export interface FieldProblem {
  field: string;
  message: string;
}

export interface RowProblem {
  row: number;
  column: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export class NotFound extends DomainError {
  constructor(what: string) {
    super(404, `${what} not found`);
  }
}

export class Forbidden extends DomainError {
  constructor(message: string) {
    super(403, message);
  }
}

export class Conflict extends DomainError {
  constructor(message: string) {
    super(409, message);
  }
}

export class Invalid extends DomainError {
  constructor(message: string, details?: unknown) {
    super(400, message, details);
  }
}

/** A request with problems on some fields: the message names each field once ("Invalid limit: scope, effectiveTo"), details lists every problem. */
export class InvalidFields extends Invalid {
  constructor(problems: FieldProblem[], what = 'request') {
    super(`Invalid ${what}: ${[...new Set(problems.map((p) => p.field))].join(', ')}`, problems);
  }
}

/** A file whose content is wrong: every problem found (up to a cap) and how many there were. */
export class UploadRejected extends DomainError {
  constructor(message: string, problems: RowProblem[] = [], totalProblems = problems.length) {
    super(
      422,
      totalProblems > problems.length ? `${message} (${counted(totalProblems, 'problem')}, first ${problems.length} listed)` : message,
      problems.length ? problems : undefined,
    );
    this.totalProblems = totalProblems;
  }

  readonly totalProblems: number;
}

export class PayloadTooLarge extends DomainError {
  constructor(limitBytes: number) {
    super(413, `The file is larger than the upload limit of ${Math.round(limitBytes / 1024 / 1024)} MB (UPLOAD_MAX_MB)`);
  }
}

/** The database cannot take work at the moment (a failing or full disk, a dropped connection): try again later. */
export class DatabaseUnavailable extends DomainError {
  constructor(
    readonly fault: unknown,
    message = 'The database cannot take requests at the moment, so nothing was changed; try again in a few minutes',
  ) {
    super(503, message);
  }
}

/** The connection dropped at COMMIT and the server could not be asked since: the change may have been saved. */
export class CommitOutcomeUnknown extends DatabaseUnavailable {
  constructor(fault: unknown) {
    super(
      fault,
      'The database stopped answering while the change was being saved, so whether it was saved is not known; look before sending it again',
    );
  }
}

/** The disk under DATA_DIR is full: nothing was stored, and what was written of the file is gone. */
export class InsufficientStorage extends DomainError {
  constructor(
    dataDir: string,
    readonly fault: unknown,
  ) {
    super(507, `The disk of DATA_DIR (${dataDir}) is full, so the file was not stored; free space there, then send it again`);
  }
}
