import { jest } from '@jest/globals';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { ServiceProcess } from '../bench/support/service.js';
import { testTargets } from './support/databases.js';
import { startApp, type TestApp } from './support/app.js';

const CSP =
  "default-src 'self';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';img-src 'self' data:;font-src 'self';object-src 'none';base-uri 'self';form-action 'self';frame-ancestors 'self'";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type LogLine = Record<string, unknown>;

describe('the built service in operation', () => {
  let service: ServiceProcess;
  beforeAll(async () => (service = await ServiceProcess.start({ output: 'capture' })));
  afterAll(() => service.kill());

  const logLines = (): LogLine[] =>
    service.output
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
  /** Log lines are written as the response goes out: wait for the one that closes a request. */
  async function linesOf(requestId: string): Promise<LogLine[]> {
    for (let tries = 0; tries < 50 && !logLines().some((l) => l.requestId === requestId && l.context === 'HTTP'); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return logLines().filter((l) => l.requestId === requestId);
  }

  it('keeps a sane X-Request-Id, answers it, and logs the request once without its query string', async () => {
    const res = await service.api('/api/portfolios?limit=5&offset=3', { headers: { 'X-Request-Id': 'lb-7f3a.01_x' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('lb-7f3a.01_x');
    expect(await linesOf('lb-7f3a.01_x')).toEqual([
      expect.objectContaining({
        level: 'info',
        context: 'HTTP',
        msg: 'Request completed',
        method: 'GET',
        path: '/api/portfolios',
        status: 200,
        durationMs: expect.any(Number),
      }),
    ]);
    expect(service.output).not.toContain('offset=3');
  });

  it('replaces an X-Request-Id that is not a plain token of at most 64 characters', async () => {
    for (const incoming of ['"}{"level":"fatal', 'a'.repeat(65)]) {
      const res = await service.api('/api/portfolios', { headers: { 'X-Request-Id': incoming } });
      const id = res.headers.get('x-request-id')!;
      expect(id).toMatch(UUID);
      expect(await linesOf(id)).toHaveLength(1);
    }
  });

  it("puts the request id on the lines a service writes for the request, and the run's id", async () => {
    const res = await service.api('/api/evaluations', { method: 'POST', body: '{}', headers: { 'X-Request-Id': 'run-request' } });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: number };
    const runLines = (await linesOf('run-request')).filter((l) => l.context === 'EvaluationsService');
    expect(runLines.length).toBeGreaterThan(0);
    for (const line of runLines) expect(line).toMatchObject({ requestId: 'run-request', runId: id });
  });

  it('answers an unexpected error with an errorId only, and logs it once with the stack and the request id', async () => {
    const db = new Sqlite(join(service.dataDir, 'monitor.db'));
    db.exec('ALTER TABLE portfolios RENAME TO portfolios_elsewhere');
    try {
      const res = await service.api('/api/portfolios', { headers: { 'X-Request-Id': 'broken-1' } });
      const body = (await res.json()) as { errorId: string };
      expect(res.status).toBe(500);
      expect(body).toEqual({
        statusCode: 500,
        error: 'Internal Server Error',
        message: 'Internal server error',
        errorId: expect.stringMatching(UUID),
      });
      // The line was written before the answer, but reaches us through the child's stdout pipe: it may come a moment later.
      await linesOf('broken-1');
      const logged = logLines().filter((l) => JSON.stringify(l).includes(body.errorId));
      expect(logged).toEqual([
        expect.objectContaining({
          level: 'error',
          context: 'ErrorShapeFilter',
          requestId: 'broken-1',
          errorId: body.errorId,
          msg: 'Unexpected error: SqliteError: no such table: portfolios',
        }),
      ]);
      expect(logged[0].stack).toMatch(/^QueryFailedError: SqliteError: no such table: portfolios\n {4}at /);
    } finally {
      db.exec('ALTER TABLE portfolios_elsewhere RENAME TO portfolios');
      db.close();
    }
  });

  it('sends nosniff and a CSP without inline scripts on the API, the HTML report and /docs', async () => {
    const run = (await (await service.api('/api/evaluations', { method: 'POST', body: '{}' })).json()) as { id: number };
    const report = await service.api(`/api/evaluations/${run.id}/report?format=html`);
    expect(await report.text()).toContain('<style>');
    for (const res of [
      await fetch(`${service.url}/health`),
      await service.api('/api/portfolios'),
      report,
      await fetch(`${service.url}/docs/`),
    ]) {
      expect([res.url, res.headers.get('x-content-type-options'), res.headers.get('content-security-policy')]).toEqual([
        res.url,
        'nosniff',
        CSP,
      ]);
    }
  });

  it('serves Swagger UI from script files, which the CSP allows', async () => {
    const html = await (await fetch(`${service.url}/docs/`)).text();
    const sources = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => /\bsrc=["']([^"']+)["']/.exec(m[1])?.[1]);
    expect(sources.length).toBeGreaterThan(0);
    expect(sources).not.toContain(undefined);
    for (const src of sources as string[]) {
      const res = await fetch(new URL(src, `${service.url}/docs/`));
      expect([src, res.status, res.headers.get('content-type')]).toEqual([src, 200, expect.stringContaining('javascript')]);
    }
  });

  it('writes only JSON lines, without colour, from start to stop', async () => {
    await service.stop();
    expect(service.output).not.toContain('\u001b');
    const lines = logLines();
    expect(lines.find((l) => l.context === 'NestFactory')).toMatchObject({ level: 'info', msg: 'Starting Nest application...' });
    expect(lines.find((l) => l.context === 'Bootstrap')).toMatchObject({
      level: 'info',
      msg: `Issuer-exposure monitor listening on http://localhost:${new URL(service.url).port} (database: sqlite)`,
    });
  });
});

describe.each(testTargets())('/health on %s', (_name, target) => {
  let app: TestApp;
  beforeAll(async () => (app = await startApp(await target())));
  afterAll(() => app.close());

  it('tells the status and no paths', async () => {
    const res = await app.anonymous().get('/health').expect(200);
    expect(res.body).toEqual({
      status: 'ok',
      info: {
        database: { status: 'up', kind: app.db.kind },
        mail: { status: 'up', transport: 'file' },
        disk: { status: 'up', freeMb: expect.any(Number) },
      },
      error: {},
      details: {
        database: { status: 'up', kind: app.db.kind },
        mail: { status: 'up', transport: 'file' },
        disk: { status: 'up', freeMb: expect.any(Number) },
      },
    });
  });

  it('says the outbox is not writable, not where it is', async () => {
    const outbox = join(app.config.dataDir, 'outbox');
    rmSync(outbox, { recursive: true, force: true });
    writeFileSync(outbox, '');
    try {
      const res = await app.anonymous().get('/health').expect(200);
      expect(res.body.details.mail).toEqual({ status: 'degraded', transport: 'file', message: 'the outbox folder is not writable' });
      expect(JSON.stringify(res.body)).not.toContain(app.config.dataDir);
    } finally {
      rmSync(outbox);
    }
  });

  it('says the database does not answer, not what the driver said', async () => {
    jest.spyOn(app.db.reads, 'query').mockRejectedValueOnce(new Error('connect ECONNREFUSED db.internal.example:5432'));
    const res = await app.anonymous().get('/health').expect(503);
    expect(res.body.message).toBe('Not healthy: database down');
    expect(res.body.details).toEqual({
      database: { status: 'down', kind: app.db.kind, message: 'the database does not answer' },
      mail: { status: 'up', transport: 'file' },
      disk: { status: 'up', freeMb: expect.any(Number) },
    });
    expect(JSON.stringify(res.body)).not.toContain('db.internal');
  });
});
