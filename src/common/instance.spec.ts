import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { Instance } from './instance.js';

describe('Instance', () => {
  const me = new Instance();
  const host = hostname().slice(0, 40);
  const started = Math.round(performance.timeOrigin);

  it('names host, pid, start time and a random part, at most 80 characters', () => {
    expect(me.id).toMatch(new RegExp(`^${host}:${process.pid}:${started}:[0-9a-f]{8}$`));
    expect(me.id.length).toBeLessThanOrEqual(80);
    expect(new Instance().id).not.toBe(me.id);
  });

  it('knows a holder is gone when its pid is dead on this host, or is ours from an earlier start', () => {
    const exited = spawnSync(process.execPath, ['-e', '']).pid!;
    expect(me.isGone(`${host}:${exited}:1:abcd0123`)).toBe(true);
    expect(me.isGone(`${host}:${process.pid}:${started - 60_000}:abcd0123`)).toBe(true);
  });

  it('leaves to the lease a holder that may be alive: this process, a live pid, another host', () => {
    expect(me.isGone(new Instance().id)).toBe(false);
    expect(me.isGone(`${host}:${process.ppid}:1:abcd0123`)).toBe(false);
    expect(me.isGone(`elsewhere:1:1:abcd0123`)).toBe(false);
    expect(me.isGone('garbage')).toBe(false);
  });
});
