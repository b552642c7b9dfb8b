import { jest } from '@jest/globals';
import { CronTime } from 'cron';
import { latestTickAtOrBefore } from './cron-ticks.js';

const at = (iso: string) => new Date(iso);

describe('latestTickAtOrBefore', () => {
  it.each([
    ['0 6 * * 1-5', '2026-12-01T09:00:00Z', '2026-12-01T06:00:00.000Z'],
    ['0 6 * * 1-5', '2026-12-01T06:00:00Z', '2026-12-01T06:00:00.000Z'],
    ['0 6 * * 1-5', '2026-12-01T05:59:59Z', '2026-11-30T06:00:00.000Z'],
    ['0 6 * * 1-5', '2026-12-06T12:00:00Z', '2026-12-04T06:00:00.000Z'], // Sunday: Friday's tick
    ['* * * * *', '2026-11-30T12:34:56.789Z', '2026-11-30T12:34:00.000Z'],
    ['*/10 * * * * *', '2026-11-30T12:34:56Z', '2026-11-30T12:34:50.000Z'],
    ['* 0-5 * * *', '2026-11-30T23:00:00Z', '2026-11-30T05:59:00.000Z'],
    ['0 0 29 2 *', '2027-06-01T00:00:00Z', '2024-02-29T00:00:00.000Z'],
  ])('%s at %s is %s', (expression, now, expected) => {
    expect(latestTickAtOrBefore(expression, at(now))?.toISOString()).toBe(expected);
  });

  it.each([
    ['* * * * *', '2026-11-30T12:34:56.789Z', 14],
    ['0 6 * * 1-5', '2026-12-06T12:00:00Z', 38],
    ['0 6 * * 1-5', '2026-12-01T06:00:00.250Z', 2], // the scheduler asks a moment after the tick
  ])('finds the tick of %s at %s in %i look-ups, not by walking every tick since', (expression, now, lookUps) => {
    const spy = jest.spyOn(CronTime.prototype, 'getNextDateFrom');
    try {
      latestTickAtOrBefore(expression, at(now));
      expect(spy).toHaveBeenCalledTimes(lookUps);
    } finally {
      spy.mockRestore();
    }
  });
});
