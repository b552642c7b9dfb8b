import { applyDecorators, type Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse, type ApiResponseOptions } from '@nestjs/swagger';

export class FieldProblemView {
  @ApiProperty({ example: 'comment' }) field!: string;
  @ApiProperty({ example: 'comment must be longer than or equal to 1 characters' }) message!: string;
}

export class RowProblemView {
  @ApiProperty({ example: 12, description: 'Line of the file; the header is line 1' }) row!: number;
  @ApiProperty({ example: 'par_value' }) column!: string;
  @ApiProperty({ example: 'must be a non-negative amount with at most 2 decimals' }) message!: string;
}

/** What every error answers (see ErrorShapeFilter): {statusCode, error, message, details?, errorId?}. */
export class ErrorView {
  @ApiProperty({ example: 404 }) statusCode!: number;
  @ApiProperty({ example: 'Not Found', description: 'The HTTP reason phrase of statusCode' }) error!: string;
  @ApiProperty({ example: 'Portfolio LIFE-XX not found' }) message!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Only on a 500, 503 or 507: the id of the log line that has the cause' })
  errorId?: string;
}

export class InvalidRequestView extends ErrorView {
  @ApiPropertyOptional({ type: [FieldProblemView], description: 'Each problem of each offending field' }) details?: FieldProblemView[];
}

export class InvalidFileView extends ErrorView {
  @ApiPropertyOptional({
    type: [RowProblemView],
    description: 'The problems of the file, the first 1,000; message gives their total when there are more',
  })
  details?: RowProblemView[];
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 500 | 503 | 507;

const ERRORS: Record<ErrorStatus, { type: Type; description: string }> = {
  400: {
    type: InvalidRequestView,
    description: 'Invalid request: the message names each offending field once, details gives each problem',
  },
  401: { type: ErrorView, description: 'No API key, or an unknown or revoked one' },
  403: { type: ErrorView, description: 'The key does not have the role this needs' },
  404: { type: ErrorView, description: 'Not found' },
  409: { type: ErrorView, description: 'Refused in the current state' },
  413: { type: ErrorView, description: 'The file is larger than UPLOAD_MAX_MB' },
  422: { type: InvalidFileView, description: 'The file content is invalid; nothing was stored' },
  500: {
    type: ErrorView,
    description: 'Unexpected error: nothing of its cause, but an errorId that the log line with the cause carries too',
  },
  503: {
    type: ErrorView,
    description:
      'The database cannot take requests at the moment: nothing was changed, unless the message says that the connection dropped while saving and whether it was saved is not known; the errorId names the log line with the cause',
  },
  507: { type: ErrorView, description: 'The disk of DATA_DIR is full: the file was not stored; the errorId names the log line' },
};

/** A status, or a status with what it means on this route. */
export type ErrorSpec = ErrorStatus | [ErrorStatus, string];

export function errorResponse(spec: ErrorSpec): ApiResponseOptions {
  const [status, description] = Array.isArray(spec) ? spec : [spec, ERRORS[spec].description];
  return { status, type: ERRORS[status].type, description };
}

/** Documents the errors a route (or every route of a controller) can answer, each with the error shape. */
export function ApiErrors(...specs: ErrorSpec[]) {
  return applyDecorators(...specs.map((spec) => ApiResponse(errorResponse(spec))));
}
