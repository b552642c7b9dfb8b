import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written on behalf of a request or a run carries. */
export interface LogContext {
  requestId?: string;
  runId?: number;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `work` (and everything it starts) with these fields added to the current context. */
export function withLogContext<T>(context: LogContext, work: () => T): T {
  return storage.run({ ...storage.getStore(), ...context }, work);
}

export function currentLogContext(): LogContext {
  return storage.getStore() ?? {};
}
