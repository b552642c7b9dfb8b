import { STATUS_CODES } from 'node:http';
import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isDatabaseUnavailable } from '../database/database-faults.js';
import { logWithErrorId } from '../common/error-ids.js';
import { BeyondExactRange } from '../risk/exact-range.js';
import { DatabaseUnavailable, DomainError, InsufficientStorage } from '../common/errors.js';

interface Problem {
  statusCode: number;
  message: string;
  details?: unknown;
  errorId?: string;
  /** A fault of the machine (the database, the disk): logged with the errorId the answer carries. */
  fault?: unknown;
}

/**
 * Every error leaves the service as {statusCode, error, message, details?}. An unexpected one (500)
 * tells nothing of its cause but an errorId, which the log line with its stack carries too.
 */
@Catch()
export class ErrorShapeFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorShapeFilter.name);

  catch(err: unknown, host: ArgumentsHost): void {
    const { statusCode, message, details, errorId } = this.toProblem(err);
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    if (response.headersSent) return;
    const send = () => {
      if (!response.headersSent)
        response.status(statusCode).json({
          statusCode,
          error: STATUS_CODES[statusCode],
          message,
          ...(details !== undefined && { details }),
          ...(errorId && { errorId }),
        });
    };
    afterBody(http.getRequest<Request>(), send);
  }

  private toProblem(err: unknown): Problem {
    const problem = expectedProblem(err);
    if (problem?.fault !== undefined) return { ...problem, fault: undefined, errorId: this.logFault(problem) };
    if (problem && problem.statusCode !== 500) return problem;
    return { statusCode: 500, message: 'Internal server error', errorId: this.logUnexpected(err) };
  }

  private logUnexpected(err: unknown): string {
    return logWithErrorId(this.logger, 'Unexpected error', err);
  }

  /** A fault of the machine (the database, the disk): the operator's line has what failed, the answer only its errorId. */
  private logFault({ message, fault }: Problem): string {
    return logWithErrorId(this.logger, message, fault);
  }
}

/** What the caller may be told; null for an error nobody expected, whose message stays in the log. */
function expectedProblem(err: unknown): Problem | null {
  // A read that found the database gone: the same answer as a write would have had.
  if (!(err instanceof DomainError) && isDatabaseUnavailable(err)) return expectedProblem(new DatabaseUnavailable(err));
  if (err instanceof DatabaseUnavailable || err instanceof InsufficientStorage)
    return { statusCode: err.statusCode, message: err.message, fault: err.fault };
  if (err instanceof DomainError) return { statusCode: err.statusCode, message: err.message, details: err.details };
  if (err instanceof BeyondExactRange) return { statusCode: 422, message: err.message };
  // Nest wraps body-parser's errors; their own message ("Unexpected end of JSON input") says too little.
  const cause = err instanceof HttpException ? err.cause : err;
  if (isBodyParserError(cause)) return { statusCode: cause.status, message: bodyParserMessage(cause) };
  return err instanceof HttpException ? fromHttpException(err) : null;
}

/** Longer than any refused upload takes to arrive; a client that stalls gets its answer anyway. */
const DRAIN_MS = 30_000;

/**
 * Answers once the request's body has arrived: a request refused before its body was read (an
 * upload without a valid key) would otherwise see its connection closed while it is still
 * sending, and its client report a broken pipe instead of the 401 or 403.
 */
function afterBody(request: Request, send: () => void): void {
  if (request.complete || request.destroyed) return send();
  const timer = setTimeout(send, DRAIN_MS);
  const done = () => {
    clearTimeout(timer);
    send();
  };
  request.once('end', done).once('error', done).once('close', done).resume();
}

function fromHttpException(err: HttpException): Problem {
  const body = err.getResponse();
  if (typeof body === 'string') return { statusCode: err.getStatus(), message: body };
  const { message, details } = body as { message?: unknown; details?: unknown };
  return {
    statusCode: err.getStatus(),
    message: Array.isArray(message) ? message.join('; ') : String(message ?? err.message),
    details,
  };
}

function isBodyParserError(err: unknown): err is { status: number; type: string; message: string } {
  return typeof err === 'object' && err !== null && typeof (err as { status?: unknown }).status === 'number' && 'type' in err;
}

function bodyParserMessage(err: { type: string; message: string }): string {
  return err.type === 'entity.parse.failed' ? 'The request body is not valid JSON' : err.message;
}
