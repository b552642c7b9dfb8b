import { AsyncResource } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { withLogContext } from './log-context.js';

/** A caller's id is kept (a proxy's, say) when it cannot smuggle anything into a log line. */
const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

const logger = new Logger('HTTP');

/**
 * Gives each request an id (the caller's X-Request-Id when sane), answers it in X-Request-Id, puts it
 * on every line logged for the request, and logs one line when the response is sent.
 */
export function requestId(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.header('x-request-id');
  const id = incoming && ACCEPTED_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', id);
  const started = performance.now();
  withLogContext({ requestId: id }, () => {
    res.once(
      'finish',
      AsyncResource.bind(() => logCompleted(req, res, started)),
    );
    next();
  });
}

/** The path only: a query string may carry what does not belong in a log. */
function logCompleted(req: Request, res: Response, started: number): void {
  const path = req.originalUrl.split('?')[0];
  const durationMs = Math.round(performance.now() - started);
  logger.log('Request completed', { method: req.method, path, status: res.statusCode, durationMs });
}
