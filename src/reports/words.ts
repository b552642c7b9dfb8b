import { utcFormat } from 'd3-time-format';

const day = utcFormat('%-d %B %Y');
const instant = utcFormat('%A %-d %B %Y at %H:%M UTC');

/** "2026-11-30" -> "30 November 2026" */
export function dayInWords(isoDate: string): string {
  return day(new Date(`${isoDate}T00:00:00Z`));
}

/** "2026-11-30T06:00:00.000Z" -> "Monday 30 November 2026 at 06:00 UTC" */
export function instantInWords(isoInstant: string): string {
  return instant(new Date(isoInstant));
}
