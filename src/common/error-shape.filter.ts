import { STATUS_CODES } from 'node:http';
import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError } from './errors.js';

interface Problem {
  statusCode: number;
  message: string;
  details?: unknown;
}

/** Every error leaves the service as {statusCode, error, message, details?}. */
@Catch()
export class ErrorShapeFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorShapeFilter.name);

  catch(err: unknown, host: ArgumentsHost): void {
    const { statusCode, message, details } = this.toProblem(err);
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    response.status(statusCode).json({ statusCode, error: STATUS_CODES[statusCode], message, ...(details !== undefined && { details }) });
  }

  private toProblem(err: unknown): Problem {
    if (err instanceof DomainError) return { statusCode: err.statusCode, message: err.message, details: err.details };
    // Nest wraps body-parser's errors; their own message ("Unexpected end of JSON input") says too little.
    const cause = err instanceof HttpException ? err.cause : err;
    if (isBodyParserError(cause)) return { statusCode: cause.status, message: bodyParserMessage(cause) };
    if (err instanceof HttpException) return fromHttpException(err);
    this.logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    return { statusCode: 500, message: 'Internal server error' };
  }
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
