import { ConsoleLogger, LOG_LEVELS, type LoggerService, type LogLevel } from '@nestjs/common';
import pino, { type DestinationStream, type Logger as Pino } from 'pino';
import type { LogLevelName, LogSettings } from '../config/app-config.js';
import { currentLogContext } from './log-context.js';

/** What main.ts needs beyond Nest's LoggerService: a fatal line when start-up fails. */
export type AppLogger = LoggerService & Required<Pick<LoggerService, 'fatal'>>;

/** Nest's name for each of pino's levels. */
const NEST_LEVELS: Record<LogLevelName, LogLevel> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  info: 'log',
  debug: 'debug',
  trace: 'verbose',
};

/** The service's logger, for Nest's own lines and every `new Logger(...)` alike. */
export function createLogger(settings: LogSettings): AppLogger {
  return settings.format === 'json' ? new JsonLogger(settings.level) : new ConsoleLinesLogger(settings.level);
}

/** One JSON object a line through pino, with the request id or run id it was written for. */
export class JsonLogger implements AppLogger {
  private readonly pino: Pino;

  constructor(level: LogLevelName, destination?: DestinationStream) {
    const options = {
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label: string) => ({ level: label }) },
      // pino merges the line into what mixin returns: a copy, so that the context itself stays as it is.
      mixin: () => ({ ...currentLogContext() }),
    };
    this.pino = pino(options, destination);
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: LogLevelName, message: unknown, params: unknown[]): void {
    const fields = fieldsOf(params);
    if (message instanceof Error) this.pino[level]({ ...fields, err: message }, message.message);
    else if (isPlainObject(message)) this.pino[level]({ ...fields, ...message });
    else this.pino[level](fields, String(message));
  }
}

/**
 * Nest's Logger passes (message, ...params, context) and error() a stack before the context; plain
 * objects are structured fields, as Nest's ConsoleLogger takes them.
 */
function fieldsOf(params: unknown[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const param of params) {
    if (typeof param === 'string') fields[isStack(param) ? 'stack' : 'context'] = param;
    else if (isPlainObject(param)) Object.assign(fields, param);
  }
  return fields;
}

function isStack(text: string): boolean {
  return /\n\s+at /.test(text);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** Nest's console lines, each with the request id or run id it was written for; colours only on a terminal. */
class ConsoleLinesLogger extends ConsoleLogger {
  constructor(level: LogLevelName) {
    super({ logLevels: LOG_LEVELS.slice(LOG_LEVELS.indexOf(NEST_LEVELS[level])), colors: process.stdout.isTTY === true });
  }

  protected override formatContext(context: string): string {
    const ids = Object.entries(currentLogContext()).map(([name, value]) => `${name}=${value} `);
    return `${super.formatContext(context)}${ids.join('')}`;
  }
}
