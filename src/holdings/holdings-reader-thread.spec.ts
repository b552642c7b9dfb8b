import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readHoldingsInWorker, runningReaders } from './holdings-reader-thread.js';

/** A valid file of `rows` bonds of one issuer (the reading thread runs from dist/, built by `npm test`). */
function holdingsFile(rows: number): string {
  const path = join(tmpdir(), `iem-reader-thread-${process.pid}.csv`);
  const line = '30303MAA0,Meta Platforms Inc,1000000.00,990000.50,2035-11-15\n';
  writeFileSync(path, `cusip,issuer_name,par_value,market_value,maturity_date\n${line.repeat(rows)}`);
  return path;
}

describe('reading holdings on a thread', () => {
  it('hands every row over in order, and lets the event loop in between batches', async () => {
    const path = holdingsFile(150_000);
    let rows = 0;
    let lastRowNo = 1;
    let slowestTurn = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      slowestTurn = Math.max(slowestTurn, performance.now() - last);
      last = performance.now();
    }, 5);
    try {
      const summary = await readHoldingsInWorker({ path, format: 'CSV', asOfField: '2026-11-30', profile: null }, (batch) => {
        rows += batch.rows;
        lastRowNo = batch.numbers[(batch.rows - 1) * 6];
        // As a write would: a few milliseconds of synchronous work per batch.
        const until = performance.now() + 5;
        while (performance.now() < until);
      });
      expect(summary).toMatchObject({ rows: 150_000, lastLine: 150_001, asOfDate: '2026-11-30' });
    } finally {
      clearInterval(ticker);
    }
    expect(rows).toBe(150_000);
    expect(lastRowNo).toBe(150_001);
    // 150 batches of 5 ms: the timer must run between them (about 30 ms at most; 450 ms without the turns).
    expect(slowestTurn).toBeLessThan(150);
    expect(runningReaders.size).toBe(0);
  });
});
