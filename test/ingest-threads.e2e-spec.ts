import { request } from 'node:http';
import { statSync, createReadStream } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Worker } from 'node:worker_threads';
import { runningReaders, type FromReader } from '../src/holdings/holdings-reader-thread.js';
import { startApp, type TestApp } from './support/app.js';
import { testTargets } from './support/databases.js';
import { manyFamiliesCsv, PORTFOLIO } from './support/workloads.js';

/** Long enough (about 13 MB) that the reading thread is still at work when the test steps in. */
const ROWS = 80_000;

describe.each(testTargets())('an upload whose reading thread or client goes away, on %s', (_name, target) => {
  let app: TestApp;
  let file: string;

  beforeAll(async () => {
    file = await manyFamiliesCsv(300, ROWS);
    app = await startApp(await target());
    await app.as('admin').post('/api/portfolios').send(PORTFOLIO).expect(201);
  });
  afterAll(() => app.close());

  /** What an upload would have left behind: snapshots, their rows and buckets, issuers, audit entries. */
  const stored = async () => ({
    snapshots: await app.count('snapshots'),
    holdings: await app.count('holdings'),
    buckets: await app.count('snapshot_buckets'),
    issuers: await app.count('issuers'),
    audit: await app.count('audit_log'),
  });
  const nothing = { snapshots: 0, holdings: 0, buckets: 0, issuers: 0, audit: expect.any(Number) };

  it('stores nothing when the reading thread dies mid-file, answers 500 and leaves no thread', async () => {
    const before = await stored();
    const answer = app
      .as('officer')
      .post(`/api/portfolios/${PORTFOLIO.code}/holdings`)
      .field('asOfDate', '2026-11-30')
      .attach('file', file);
    const answered = answer.then((res) => res);
    const reader = await readerAtWork();
    const exited = new Promise<number>((resolve) => reader.once('exit', resolve));
    await reader.terminate();
    const res = await answered;
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal server error',
      errorId: expect.any(String),
    });
    expect(await exited).toBe(1);
    expect(runningReaders.size).toBe(0);
    expect(await stored()).toEqual({ ...nothing, audit: before.audit });
  });

  it('stores nothing when the client disconnects while the file is read, and leaves no thread', async () => {
    const before = await stored();
    const server = app.nest.getHttpServer();
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const req = sendWhole(`http://127.0.0.1:${port}/api/portfolios/${PORTFOLIO.code}/holdings`, app.keys.officer, file);
    const reader = await readerAtWork();
    const exited = new Promise<number>((resolve) => reader.once('exit', resolve));
    req.destroy();
    await exited;
    await waitFor('the upload to unwind', () => runningReaders.size === 0);
    // The transaction rolls back after the thread is gone: give it its turn.
    await waitFor('nothing stored', async () => (await stored()).snapshots === 0);
    expect(await stored()).toEqual({ ...nothing, audit: before.audit });
  });

  it('then stores the same file whole', async () => {
    const res = await app
      .as('officer')
      .post(`/api/portfolios/${PORTFOLIO.code}/holdings`)
      .field('asOfDate', '2026-11-30')
      .attach('file', file)
      .expect(201);
    expect(res.body).toMatchObject({ rows: ROWS, issuersCreated: 300, warnings: [] });
    expect(await app.count('holdings')).toBe(ROWS);
    expect(runningReaders.size).toBe(0);
  });
});

/** The upload's reading thread, once it has handed over a few batches of rows (so that rows are being written). */
async function readerAtWork(): Promise<Worker> {
  await waitFor('a reading thread', () => runningReaders.size === 1);
  const [reader] = runningReaders;
  let batches = 0;
  reader.on('message', (message: FromReader) => (batches += message.kind === 'batch' ? 1 : 0));
  await waitFor('rows handed over', () => batches >= 2);
  return reader;
}

/** A multipart upload of the whole file over a real connection, left open for the test to close. */
function sendWhole(url: string, apiKey: string, path: string) {
  const boundary = 'whole-upload';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="asOfDate"\r\n\r\n2026-11-30\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="holdings.csv"\r\nContent-Type: text/csv\r\n\r\n`;
  const tail = `\r\n--${boundary}--\r\n`;
  const req = request(url, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${apiKey}`,
      'Content-Type': `multipart/form-data; boundary=${boundary}`,
      'Content-Length': Buffer.byteLength(head) + statSync(path).size + Buffer.byteLength(tail),
    },
  });
  req.on('error', () => undefined);
  req.write(head);
  createReadStream(path)
    .on('end', () => req.write(tail))
    .pipe(req, { end: false });
  return req;
}

async function waitFor(what: string, probe: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
