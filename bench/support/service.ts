import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { openAsBlob, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BENCH_ADMIN_KEY = 'bench-admin-key-0123456789abcdef0123456789';

export interface ServiceOptions {
  /** Overrides the defaults below (a fresh SQLite file under a new DATA_DIR, no cron). */
  env?: Record<string, string>;
  /** 'capture' keeps stdout and stderr in `output` (tests); 'inherit' shows stderr (benchmarks). */
  output?: 'capture' | 'inherit';
}

/** The built service (`dist/`) in a child process, as `npm start` runs it. */
export class ServiceProcess {
  /** stdout and stderr so far, when captured. */
  output = '';
  private readonly exit: Promise<number | null>;

  private constructor(
    readonly url: string,
    readonly dataDir: string,
    private readonly child: ChildProcess,
  ) {
    this.exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    const keep = (chunk: Buffer) => (this.output += chunk.toString());
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  /** Starts the service and waits until /health answers. */
  static async start(options: ServiceOptions = {}): Promise<ServiceProcess> {
    const service = await ServiceProcess.spawn(options);
    await service.waitUntilHealthy();
    return service;
  }

  /** Starts the service without waiting for it (it may well fail to start: see `exitCode()`). */
  static async spawn(options: ServiceOptions = {}): Promise<ServiceProcess> {
    const port = options.env?.PORT ?? String(await freePort());
    const dataDir = options.env?.DATA_DIR ?? (await mkdtemp(join(tmpdir(), 'iem-service-')));
    const capture = options.output === 'capture';
    const child = spawn(process.execPath, ['dist/src/main.js'], {
      env: {
        ...process.env,
        PORT: port,
        DATA_DIR: dataDir,
        ADMIN_API_KEY: BENCH_ADMIN_KEY,
        EVALUATION_CRON: 'off',
        UPLOAD_MAX_MB: '2048',
        ...options.env,
      },
      stdio: ['ignore', capture ? 'pipe' : 'ignore', capture ? 'pipe' : 'inherit'],
    });
    return new ServiceProcess(`http://127.0.0.1:${port}`, dataDir, child);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Peak resident memory of the service process so far (VmHWM), in MB. */
  peakRssMb(): number {
    return this.statusKb('VmHWM') / 1024;
  }

  /** Resident memory now (VmRSS), in MB. */
  rssMb(): number {
    return this.statusKb('VmRSS') / 1024;
  }

  api(path: string, init: RequestInit = {}, key = BENCH_ADMIN_KEY): Promise<Response> {
    return fetch(`${this.url}${path}`, {
      ...init,
      headers: {
        Authorization: `Bearer ${key}`,
        ...(init.body instanceof FormData ? {} : { 'Content-Type': 'application/json' }),
        ...init.headers,
      },
    });
  }

  /**
   * Creates the portfolio `code`, then uploads the holdings file at `path` into it as of
   * 2026-11-30 with the form's other `fields`: the upload's seconds (it must answer 201).
   */
  async timedHoldingsUpload(path: string, code: string, fields: Record<string, string> = {}): Promise<number> {
    const portfolio = { code, name: code, baseCurrency: 'USD', admittedAssets: 40e9, capitalAndSurplus: 3.2e9, participationRate: 0.004 };
    await this.api('/api/portfolios', { method: 'POST', body: JSON.stringify(portfolio) });
    const form = new FormData();
    form.set('asOfDate', '2026-11-30');
    for (const [name, value] of Object.entries(fields)) form.set(name, value);
    form.set('file', await openAsBlob(path), 'holdings.csv');
    const started = performance.now();
    const res = await this.api(`/api/portfolios/${code}/holdings`, { method: 'POST', body: form });
    const seconds = (performance.now() - started) / 1000;
    if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
    return seconds;
  }

  /** The exit code once the process has ended (null when a signal ended it). */
  exited(): Promise<number | null> {
    return this.exit;
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exit;
  }

  stop(): Promise<number | null> {
    return this.kill('SIGTERM');
  }

  async waitUntilHealthy(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`the service exited with code ${this.child.exitCode}: ${this.output}`);
      try {
        if ((await fetch(`${this.url}/health`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the service did not become healthy within ${timeoutMs / 1000} s: ${this.output}`);
  }

  private statusKb(field: string): number {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]);
  }
}

/** A port nobody listens on, so that a leftover service cannot answer in place of this one. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
