import { Worker } from 'node:worker_threads';
import { Logger } from '@nestjs/common';
import { DomainError } from '../common/errors.js';
import { TimeSlicer } from '../common/time-slice.js';
import { workerScript } from '../common/worker-script.js';
import type { BatchSink, ReadRequest, ReadSummary, RowBatch } from './holdings-reader.js';

/** What the reading thread tells the main thread. */
export type FromReader =
  | { kind: 'batch'; batch: RowBatch }
  | { kind: 'done'; summary: ReadSummary }
  | { kind: 'refused'; statusCode: number; message: string; details: unknown }
  | { kind: 'failed'; message: string }
  | { kind: 'log'; level: 'log' | 'warn' | 'error'; message: string; context: string };

const SCRIPT = workerScript('holdings-reader.worker.js', import.meta.url);
const logger = new Logger('HoldingsReader');

/**
 * The reader keeps a few hundred kilobytes of the file and a batch or two: a bounded heap makes V8
 * collect instead of growing (left alone, it grew to 300 MB). Measured on a million rows: 48/24 MB
 * as fast as 128/48 MB; 32/16 MB spent three times as long collecting.
 */
const READER_HEAP = { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 24 };

/** The reading threads running now (the tests check that none is left behind). */
export const runningReaders = new Set<Worker>();

/**
 * readHoldings on a worker thread: parsing and validating a million rows takes a core, and the
 * main thread has its own to resolve issuers and write. Batches reach `sink` in file order, one at
 * a time; the reader stays at most a few batches ahead, so memory is bounded whatever the file.
 * Settles only once the thread is gone, whether it finished, refused the file, crashed, or `signal`
 * aborted the upload (the client went away), and once the last batch given to `sink` is done with.
 */
export function readHoldingsInWorker(request: ReadRequest, sink: BatchSink, signal?: AbortSignal): Promise<ReadSummary> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(SCRIPT, { workerData: request, resourceLimits: READER_HEAP });
    runningReaders.add(worker);
    let writing: Promise<void> = Promise.resolve();
    const slicer = new TimeSlicer();
    let settled = false;
    let answered = false;
    const settle = (outcome: { summary: ReadSummary } | { error: unknown }) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', aborted);
      void Promise.allSettled([worker.terminate(), writing]).then(() => {
        runningReaders.delete(worker);
        if ('summary' in outcome) resolve(outcome.summary);
        else reject(outcome.error);
      });
    };
    // After the batches before it: a refusal found at the end must not overtake the writes.
    const after = (outcome: { summary: ReadSummary } | { error: unknown }) => {
      answered = true;
      void writing.then(() => settle(outcome));
    };
    const aborted = () => settle({ error: signal!.reason });
    signal?.addEventListener('abort', aborted, { once: true });
    worker.on('message', (message: FromReader) => {
      switch (message.kind) {
        case 'batch':
          writing = writing.then(async () => {
            if (settled) return;
            try {
              await sink(message.batch);
              // Node delivers a thread's messages in one go for as long as they keep coming: without
              // turns of the event loop here, batch after batch held every request for seconds.
              await slicer.pause();
              worker.postMessage('credit');
            } catch (error) {
              settle({ error });
            }
          });
          break;
        case 'done':
          return after({ summary: message.summary });
        case 'refused':
          return after({ error: new DomainError(message.statusCode, message.message, message.details) });
        case 'failed':
          logger.error(`Reading the holdings file failed: ${message.message}`);
          return settle({ error: new Error('Reading the holdings file failed') });
        case 'log':
          return logger[message.level](message.message, message.context);
      }
    });
    worker.on('error', (err) => settle({ error: new Error(`The holdings file's reading thread failed: ${err.message}`) }));
    worker.on('exit', (code) => answered || settle({ error: new Error(`The holdings file's reading thread stopped (exit code ${code})`) }));
  });
}
