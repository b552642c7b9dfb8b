import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Work done between two turns of the event loop. A request waits up to a slice at each of its
 * steps (read the socket, query, answer), so a health check of five steps answers within about 50 ms.
 */
const SLICE_MS = 10;

/**
 * For loops over thousands of items (an evaluation's conditions, its results): call `pause()` on
 * each item; once a slice's worth of time has gone by, it lets the event loop serve what is
 * waiting. Awaiting SQLite queries alone never does: better-sqlite3 answers synchronously, so
 * those awaits resolve as microtasks and requests would wait for the whole loop.
 */
export class TimeSlicer {
  private sliceStart = performance.now();

  async pause(): Promise<void> {
    if (performance.now() - this.sliceStart < SLICE_MS) return;
    await nextTurn();
    this.sliceStart = performance.now();
  }
}
