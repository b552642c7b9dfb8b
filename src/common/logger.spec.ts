import { jest } from '@jest/globals';
import { Writable } from 'node:stream';
import { Logger } from '@nestjs/common';
import { createLogger, JsonLogger } from './logger.js';
import { currentLogContext, withLogContext } from './log-context.js';

/** A JsonLogger whose lines are kept, parsed, and that every `new Logger(...)` writes through. */
function jsonLines(level: 'info' | 'warn' = 'info'): Array<Record<string, unknown>> {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  Logger.overrideLogger(new JsonLogger(level, destination));
  return lines;
}

describe('JsonLogger', () => {
  it('puts the request id and the run id on the lines of any Nest Logger', () => {
    const lines = jsonLines();
    const logger = new Logger('EvaluationsService');
    withLogContext({ requestId: 'req-1' }, () => {
      logger.log('Run started');
      withLogContext({ runId: 7 }, () => logger.warn('Slow portfolio'));
    });
    logger.log('Idle');
    expect(lines).toMatchObject([
      { level: 'info', context: 'EvaluationsService', msg: 'Run started', requestId: 'req-1' },
      { level: 'warn', context: 'EvaluationsService', msg: 'Slow portfolio', requestId: 'req-1', runId: 7 },
      { level: 'info', context: 'EvaluationsService', msg: 'Idle' },
    ]);
    expect(lines[0]).not.toHaveProperty('runId');
    expect(lines[2]).not.toHaveProperty('requestId');
    expect(typeof lines[0].time).toBe('string');
  });

  it('leaves the log context as it was', () => {
    jsonLines();
    withLogContext({ requestId: 'req-2' }, () => {
      new Logger('X').log('a line');
      expect(currentLogContext()).toEqual({ requestId: 'req-2' });
    });
  });

  it('writes a stack and structured fields as fields of the line', () => {
    const lines = jsonLines();
    const err = new Error('boom');
    new Logger('ErrorShapeFilter').error('Unexpected error: boom', { errorId: 'e-1' }, err.stack);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'error',
        context: 'ErrorShapeFilter',
        msg: 'Unexpected error: boom',
        errorId: 'e-1',
        stack: err.stack,
      }),
    ]);
  });

  it('writes an error given as the message with its type and stack', () => {
    const lines = jsonLines();
    const err = new TypeError('no such table');
    new Logger('ExceptionHandler').error(err);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'error',
        context: 'ExceptionHandler',
        msg: 'no such table',
        err: expect.objectContaining({ type: 'TypeError', stack: err.stack }),
      }),
    ]);
  });

  it('maps Nest levels onto pino levels and leaves out those below LOG_LEVEL', () => {
    const lines = jsonLines('warn');
    const logger = new Logger('X');
    logger.verbose('verbose');
    logger.debug('debug');
    logger.log('log');
    logger.warn('warn');
    logger.error('error');
    logger.fatal('fatal');
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      ['warn', 'warn'],
      ['error', 'error'],
      ['fatal', 'fatal'],
    ]);
  });
});

describe('pretty lines', () => {
  /** The line a Nest Logger writes in pretty mode while stdout is, or is not, a terminal. */
  function prettyLine(terminal: boolean): string {
    const isTTY = Object.getOwnPropertyDescriptor(process.stdout, 'isTTY');
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      Object.defineProperty(process.stdout, 'isTTY', { value: terminal, configurable: true });
      Logger.overrideLogger(createLogger({ format: 'pretty', level: 'info' }));
      withLogContext({ requestId: 'req-3', runId: 4 }, () => new Logger('HoldingsUploadService').log('Snapshot 1 of LIFE-GA: 2 rows'));
      return String(write.mock.calls.at(-1)?.[0]);
    } finally {
      write.mockRestore();
      if (isTTY) Object.defineProperty(process.stdout, 'isTTY', isTTY);
      else delete (process.stdout as { isTTY?: boolean }).isTTY;
    }
  }

  it('carry the request id and the run id, without colour when stdout is not a terminal', () => {
    const line = prettyLine(false);
    expect(line).toMatch(/ {4}LOG \[HoldingsUploadService\] requestId=req-3 runId=4 Snapshot 1 of LIFE-GA: 2 rows\n$/);
    expect(line).not.toContain('\u001b');
  });

  it('are coloured on a terminal', () => {
    expect(prettyLine(true)).toContain('\u001b[32mSnapshot 1 of LIFE-GA: 2 rows\u001b[39m');
  });
});
