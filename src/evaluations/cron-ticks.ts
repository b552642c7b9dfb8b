import { CronTime } from 'cron';

/** Beyond any real schedule (a leap-day cron ticks every four years). */
const MAX_LOOK_BACK_MS = 9 * 366 * 86_400_000;

/**
 * Cron ticks as instants, so that every replica names the same tick the same way. The latest tick
 * at or before `now` is found by looking back in doubling steps until a step holds a tick, then
 * halving that step down to a second (ticks are whole seconds): a few dozen look-ups whatever the
 * schedule, where walking every tick of a per-minute cron over days blocked the service for seconds.
 */
export function latestTickAtOrBefore(expression: string, now: Date): Date | null {
  const cron = new CronTime(expression, 'UTC');
  const firstAfter = (ms: number) => cron.getNextDateFrom(new Date(ms), 'UTC').toJSDate();
  const tickSince = (ms: number) => firstAfter(ms) <= now;
  const end = now.getTime();
  let lookBackMs = 1000;
  while (!tickSince(end - lookBackMs)) {
    lookBackMs *= 2;
    if (lookBackMs > MAX_LOOK_BACK_MS) return null;
  }
  // A tick lies in (from, now], none in (to, now].
  let [from, to] = [end - lookBackMs, end];
  while (to - from > 1000) {
    const middle = Math.floor((from + to) / 2);
    if (tickSince(middle)) from = middle;
    else to = middle;
  }
  return firstAfter(from);
}
