/**
 * Errors that say the database cannot take work at the moment (a disk that fails or is full, a file
 * made read-only, a connection that dropped, a server shutting down), as opposed to a problem with
 * the request itself (a constraint, a bad value), which retrying would not cure.
 */
const SQLITE_UNAVAILABLE = /^SQLITE_(IOERR|FULL|READONLY|CANTOPEN|BUSY|LOCKED|CORRUPT|NOTADB|PROTOCOL)/;
/** SQLSTATE classes 08 (connection), 53 (insufficient resources: disk full, memory, connections), 57P (shutdown), 58 (system I/O). */
const POSTGRES_UNAVAILABLE = /^(08|53|57P|58)/;
const SOCKET_FAILURES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'ENOSPC', 'EIO']);
const CONNECTION_LOST =
  /connection terminated|connection timeout|timeout exceeded when trying to connect|client has encountered a connection error/i;

export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (SQLITE_UNAVAILABLE.test(code) || SOCKET_FAILURES.has(code))) return true;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && POSTGRES_UNAVAILABLE.test(code)) return true;
    if (typeof message === 'string' && CONNECTION_LOST.test(message)) return true;
    // TypeORM's QueryFailedError keeps the driver's error; an AggregateError its causes.
    e = (e as { driverError?: unknown }).driverError ?? (e as { cause?: unknown }).cause ?? (e as { errors?: unknown[] }).errors?.[0];
  }
  return false;
}
