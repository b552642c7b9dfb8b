import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Real system-call faults injected with strace into a running process (the service as a child
 * process): `strace -e inject=fsync:error=EIO -p PID` makes the kernel's answer to that call an
 * error, the call itself not made. Needs strace (see .ci/run); without it the test fails.
 */
export class SyscallFaults {
  private output = '';
  private readonly exited: Promise<void>;

  private constructor(
    private readonly tracer: ChildProcess,
    private readonly tid: number,
  ) {
    tracer.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => tracer.once('exit', () => resolve()));
  }

  /**
   * Injects `inject` (strace's syntax, e.g. "fsync:error=EIO"; several, each on its own calls) into the thread `tid` only (a
   * process's main thread has the process's id), or into all its threads with `allThreads`, for the
   * calls on `path` only when given. Resolves once strace holds the thread.
   */
  static async inject(
    tid: number,
    inject: string | string[],
    options: { path?: string; allThreads?: boolean } = {},
  ): Promise<SyscallFaults> {
    const injections = [inject].flat();
    const syscalls = injections.map((i) => i.split(':')[0]).join(',');
    const args = ['-qq', '-e', 'signal=none', '-e', `trace=${syscalls}`, ...injections.flatMap((i) => ['-e', `inject=${i}`])];
    if (options.allThreads) args.push('-f');
    if (options.path) args.push('-P', options.path);
    const tracer = spawn('strace', [...args, '-p', String(tid)], { stdio: ['ignore', 'ignore', 'pipe'] });
    const faults = new SyscallFaults(tracer, tid);
    const failed = new Promise<never>((_resolve, reject) => tracer.once('error', reject));
    await Promise.race([failed, faults.until(() => faults.tracerPid() !== 0, 'strace to attach')]);
    return faults;
  }

  /** How many calls were made to fail so far. */
  get injected(): number {
    return this.output.match(/\(INJECTED\)/g)?.length ?? 0;
  }

  /** Detaches: the thread's calls reach the kernel again. */
  async stop(): Promise<void> {
    if (this.tracer.exitCode === null) this.tracer.kill('SIGINT');
    await this.exited;
    await this.until(() => this.tracerPid() <= 0, 'strace to detach');
  }

  private tracerPid(): number {
    try {
      return Number(/TracerPid:\s+(\d+)/.exec(readFileSync(`/proc/${this.tid}/status`, 'utf8'))![1]);
    } catch {
      return -1; // the thread is gone
    }
  }

  private async until(condition: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 5000;
    while (!condition()) {
      if (this.tracer.exitCode !== null && what === 'strace to attach') throw new Error(`strace stopped: ${this.output}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}
