import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BENCH_ADMIN_KEY = 'bench-admin-key-0123456789abcdef0123456789';

/** The built service in a child process, on a fresh SQLite file, as `npm start` runs it. */
export class ServiceProcess {
  private constructor(
    readonly url: string,
    readonly dataDir: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<ServiceProcess> {
    const port = await freePort();
    const dataDir = await mkdtemp(join(tmpdir(), 'iem-bench-'));
    const child = spawn(process.execPath, ['dist/src/main.js'], {
      env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, ADMIN_API_KEY: BENCH_ADMIN_KEY, EVALUATION_CRON: 'off', UPLOAD_MAX_MB: '2048', ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const service = new ServiceProcess(`http://127.0.0.1:${port}`, dataDir, child);
    await service.waitUntilHealthy();
    return service;
  }

  /** Peak resident memory of the service process so far (VmHWM), in MB. */
  peakRssMb(): number {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
  }

  api(path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${this.url}${path}`, { ...init, headers: { Authorization: `Bearer ${BENCH_ADMIN_KEY}`, ...(init.body instanceof FormData ? {} : { 'Content-Type': 'application/json' }), ...init.headers } });
  }

  async stop(): Promise<void> {
    this.child.kill('SIGTERM');
    await new Promise((resolve) => this.child.once('exit', resolve));
  }

  private async waitUntilHealthy(): Promise<void> {
    for (let attempt = 0; attempt < 200; attempt++) {
      if (this.child.exitCode !== null) throw new Error(`the service exited with code ${this.child.exitCode}`);
      try {
        if ((await fetch(`${this.url}/health`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the service did not become healthy within 20 s');
  }
}

/** A port nobody listens on, so that a leftover service cannot answer in place of this one. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
