import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * Who holds a lease (an evaluation run, an email being sent): host, pid, the process's start time
 * and a random part, so that two service instances never share a name, not even two in one
 * process (tests) or a restarted container that got the same pid again.
 */
export class Instance {
  readonly id = [hostname().slice(0, 40), process.pid, Math.round(performance.timeOrigin), randomBytes(4).toString('hex')].join(':');

  /**
   * True only when the holder is certainly dead: an earlier process on this host, whose pid is gone
   * or is ours with another start time. Anything else (another host, a live pid) waits for its lease.
   */
  isGone(holder: string): boolean {
    const [host, pid, started] = holder.split(':');
    if (host !== hostname().slice(0, 40) || !/^\d+$/.test(pid ?? '')) return false;
    if (Number(pid) === process.pid) return started !== String(Math.round(performance.timeOrigin));
    return !isAlive(Number(pid));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
