import { CronTime } from 'cron';

/**
 * Cron ticks as instants, so that every replica names the same tick the same way. The latest
 * tick at or before `now` is found by walking forward from a little before it.
 */
export function latestTickAtOrBefore(expression: string, now: Date, lookBackMs = 8 * 86_400_000): Date | null {
  const cron = new CronTime(expression, 'UTC');
  let latest: Date | null = null;
  let next = cron.getNextDateFrom(new Date(now.getTime() - lookBackMs), 'UTC').toJSDate();
  while (next.getTime() <= now.getTime()) {
    latest = next;
    next = cron.getNextDateFrom(next, 'UTC').toJSDate();
  }
  return latest;
}

export function nextTickAfter(expression: string, after: Date): Date {
  return new CronTime(expression, 'UTC').getNextDateFrom(after, 'UTC').toJSDate();
}
