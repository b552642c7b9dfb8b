import { randomUUID } from 'node:crypto';
import type { Logger } from '@nestjs/common';

/**
 * Logs what failed, with its cause, under a new errorId, and returns the id: people are shown a
 * sentence and this id, never the internal text (a driver's message, a path, an SMTP reply), which
 * the operator finds in the log by the id.
 */
export function logWithErrorId(logger: Logger, what: string, cause: unknown): string {
  const errorId = randomUUID();
  logger.error(
    `${what}: ${cause instanceof Error ? cause.message : String(cause)}`,
    { errorId },
    cause instanceof Error ? cause.stack : undefined,
  );
  return errorId;
}
