import { parentPort, workerData } from 'node:worker_threads';
import { Logger, type LoggerService } from '@nestjs/common';
import { DomainError } from '../common/errors.js';
import { readHoldings, type ReadRequest, type RowBatch } from './holdings-reader.js';
import type { FromReader } from './holdings-reader-thread.js';

/** The reading thread of one upload (see readHoldingsInWorker): it reads while the main thread resolves issuers and writes. */
const port = parentPort!;
const post = (message: FromReader, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
const forward =
  (level: 'log' | 'warn' | 'error'): LoggerService[typeof level] =>
  (message: unknown, context?: unknown) =>
    post({ kind: 'log', level, message: String(message), context: typeof context === 'string' ? context : 'HoldingsReader' });
Logger.overrideLogger({ log: forward('log'), warn: forward('warn'), error: forward('error') });

/** Batches the main thread may have in hand before the reader waits: it gives one back for each batch written. */
let credits = 2;
let waiting: (() => void) | null = null;
port.on('message', () => {
  credits += 1;
  waiting?.();
});

async function send(batch: RowBatch): Promise<void> {
  while (credits === 0) await new Promise<void>((resolve) => (waiting = resolve));
  waiting = null;
  credits -= 1;
  post({ kind: 'batch', batch }, [batch.numbers.buffer as ArrayBuffer]);
}

try {
  post({ kind: 'done', summary: await readHoldings(workerData as ReadRequest, send) });
} catch (err) {
  if (err instanceof DomainError) post({ kind: 'refused', statusCode: err.statusCode, message: err.message, details: err.details });
  else post({ kind: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
}
port.close();
