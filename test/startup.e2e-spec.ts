import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ServiceProcess } from '../bench/support/service.js';
import { freshPostgres } from './support/databases.js';

const REMEDY_DATA_DIR = 'point DATA_DIR at a folder this service may write to';

/** Starts the built service, which must fail: its exit code and everything it wrote. */
async function failedStart(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const service = await ServiceProcess.spawn({ env, output: 'capture' });
  const code = await service.exited();
  return { code, output: service.output };
}

/** Exit code 1 and one JSON line at level fatal whose message is the sentence: no stack, nothing else. */
function expectOnlyFatal(result: { code: number | null; output: string }, sentence: string): void {
  expect(result.code).toBe(1);
  expect(result.output).not.toContain('    at ');
  const lines = result.output.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(JSON.parse(lines[0])).toMatchObject({ level: 'fatal', msg: sentence });
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'iem-startup-'));
}

/** An empty file where a folder is expected. */
function aFile(): string {
  const file = join(tempDir(), 'data');
  writeFileSync(file, '');
  return file;
}

describe('a start-up that cannot succeed ends in one line naming the variable to fix', () => {
  it('PostgreSQL unreachable: DATABASE_URL, without its password', async () => {
    const port = await freePort();
    const result = await failedStart({ DATABASE_URL: `postgres://monitor:s3cret-pw@127.0.0.1:${port}/exposure` });
    expectOnlyFatal(
      result,
      `Cannot start: DATABASE_URL points at the PostgreSQL server 127.0.0.1:${port}, which cannot be reached or refuses the connection (connect ECONNREFUSED 127.0.0.1:${port}); start PostgreSQL there or correct DATABASE_URL`,
    );
    expect(result.output).not.toContain('s3cret-pw');
  });

  it('the PostgreSQL database missing: DATABASE_URL, without its password', async () => {
    const url = new URL(((await freshPostgres()) as { url: string }).url);
    url.password ||= 's3cret-pw';
    url.pathname = `/iem_missing_${process.pid}`;
    const result = await failedStart({ DATABASE_URL: url.toString() });
    expectOnlyFatal(
      result,
      `Cannot start: DATABASE_URL names the database "iem_missing_${process.pid}", which does not exist on the PostgreSQL server ${url.hostname}:${url.port || 5432}; create it or correct DATABASE_URL`,
    );
    expect(result.output).not.toContain(url.password);
  });

  it('DATA_DIR pointing at a file', async () => {
    const file = aFile();
    expectOnlyFatal(await failedStart({ DATA_DIR: file }), `Cannot start: DATA_DIR ${file} is a file, not a folder; ${REMEDY_DATA_DIR}`);
  });

  it('DATA_DIR that cannot be created', async () => {
    const dataDir = join(aFile(), 'monitor');
    expectOnlyFatal(
      await failedStart({ DATA_DIR: dataDir }),
      `Cannot start: DATA_DIR ${dataDir} cannot be created or written (ENOTDIR: not a directory, mkdir '${dataDir}'); ${REMEDY_DATA_DIR}`,
    );
  });

  it('a SQLite file that cannot be written: DATABASE_URL', async () => {
    const file = join(tempDir(), 'monitor.db');
    mkdirSync(file);
    expectOnlyFatal(
      await failedStart({ DATABASE_URL: `sqlite:${file}` }),
      `Cannot start: DATABASE_URL names the SQLite file ${file}, which cannot be created or written (unable to open database file); point it at a file in a folder this service may write to`,
    );
  });

  describe('the port in use', () => {
    let other: Server;
    let port: number;
    beforeAll(async () => {
      port = await freePort();
      other = createServer();
      await new Promise<void>((resolve) => other.listen(port, resolve));
    });
    afterAll(() => new Promise((resolve) => other.close(resolve)));

    it('names PORT, before the database is touched', async () => {
      const dataDir = tempDir();
      expectOnlyFatal(
        await failedStart({ PORT: String(port), DATA_DIR: dataDir }),
        `Cannot start: PORT ${port} is already in use by another process; stop that process or choose another PORT`,
      );
      expect(existsSync(join(dataDir, 'monitor.db'))).toBe(false);
    });
  });

  it('a weak ADMIN_API_KEY', async () => {
    expectOnlyFatal(
      await failedStart({ ADMIN_API_KEY: 'a'.repeat(32) }),
      'Invalid configuration: ADMIN_API_KEY must be at least 32 characters long with at least 10 different characters (generate one with openssl rand -hex 32)',
    );
  });

  it('single sign-on without its client secret: OIDC_CLIENT_SECRET', async () => {
    const env = {
      OIDC_ISSUER_URL: 'https://login.insurer.example/realms/risk',
      OIDC_CLIENT_ID: 'exposure-monitor',
      OIDC_OFFICER_GROUPS: 'risk-officers',
    };
    expectOnlyFatal(
      await failedStart(env),
      'Invalid configuration: OIDC_CLIENT_SECRET is required with OIDC_ISSUER_URL: set it to the client secret the provider issued to this service',
    );
  });

  it('as a plain line, without colour, with LOG_FORMAT=pretty', async () => {
    const file = aFile();
    const { code, output } = await failedStart({ DATA_DIR: file, LOG_FORMAT: 'pretty' });
    expect(code).toBe(1);
    expect(output.split('\n')).toEqual([expect.stringMatching(/^\[Nest\] \d+ +- .+ +FATAL \[Main\] /), '']);
    expect(output.endsWith(`FATAL [Main] Cannot start: DATA_DIR ${file} is a file, not a folder; ${REMEDY_DATA_DIR}\n`)).toBe(true);
    expect(output).not.toContain('\u001b');
  });

  it('an invalid LOG_FORMAT, in the default format', async () => {
    expectOnlyFatal(await failedStart({ LOG_FORMAT: 'xml' }), 'Invalid configuration: LOG_FORMAT must be one of json, pretty (got "xml")');
  });
});
