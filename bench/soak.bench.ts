/**
 * Soak: two replicas of the built service on one fresh PostgreSQL database for SOAK_MINUTES (30),
 * under holdings uploads, manual evaluations, a per-minute cron and steady reads, with an SMTP
 * server that refuses one message in five (451, try again later). At the end, with the load
 * stopped and the outbox drained: every email sent exactly once (none lost, none twice), no run
 * left RUNNING, each cron tick run once, and the replicas' memory over time.
 * Usage: npm run bench:soak   (SOAK_MINUTES=5 npm run bench:soak for a short one)
 */
import { mkdirSync, openAsBlob } from 'node:fs';
import { join } from 'node:path';
import { generateIssuers, writeHoldingsCsv } from './holdings-generator.js';
import { freshPostgresDatabase } from './support/postgres.js';
import { ServiceProcess } from './support/service.js';
import { TestSmtpServer } from './support/smtp.js';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 30);
const OUT = join(process.cwd(), 'bench', 'out');
const PORTFOLIO = {
  code: 'SOAK',
  name: 'Soak',
  baseCurrency: 'USD',
  admittedAssets: 4e9,
  capitalAndSurplus: 3.2e8,
  participationRate: 0.004,
};
const ISSUERS = generateIssuers(300, 7);

interface Tally {
  uploads: Record<number, number>;
  evaluations: Record<string, number>;
  reads: Array<{ path: string; ms: number }>;
  readErrors: number;
  rss: Array<{ minute: number; mb: number[] }>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function post(service: ServiceProcess, path: string, body: unknown): Promise<Response> {
  return service.api(path, { method: 'POST', body: JSON.stringify(body) });
}

/** Every upload a new snapshot (its own seed): families move over and under their limits, so runs change breaches and write digests. */
async function uploadLoop(replicas: ServiceProcess[], until: number, tally: Tally): Promise<void> {
  for (let n = 1; Date.now() < until; n++) {
    const csv = join(OUT, 'soak-holdings.csv');
    await writeHoldingsCsv(csv, { rows: 5_000, issuers: ISSUERS, seed: n, asOfDate: '2026-11-30' });
    const form = new FormData();
    form.set('asOfDate', '2026-11-30');
    form.set('file', await openAsBlob(csv), `holdings-${n}.csv`);
    const res = await replicas[n % 2].api(`/api/portfolios/${PORTFOLIO.code}/holdings`, { method: 'POST', body: form });
    tally.uploads[res.status] = (tally.uploads[res.status] ?? 0) + 1;
    await sleep(20_000);
  }
}

async function evaluationLoop(replicas: ServiceProcess[], until: number, tally: Tally): Promise<void> {
  for (let n = 0; Date.now() < until; n++) {
    const res = await post(replicas[n % 2], '/api/evaluations', {});
    const status = res.ok ? ((await res.json()) as { status: string }).status : String(res.status);
    tally.evaluations[status] = (tally.evaluations[status] ?? 0) + 1;
    await sleep(30_000);
  }
}

async function readLoop(replicas: ServiceProcess[], until: number, tally: Tally, reader: number): Promise<void> {
  const paths = [
    '/api/breaches?limit=50',
    '/api/evaluations',
    `/api/portfolios/${PORTFOLIO.code}/exposures`,
    '/health',
    '/api/alerts?limit=20',
  ];
  for (let n = reader; Date.now() < until; n++) {
    const started = performance.now();
    const res = await replicas[n % 2].api(paths[n % paths.length]).catch(() => null);
    await res?.arrayBuffer();
    tally.reads.push({ path: paths[n % paths.length].split('?')[0], ms: performance.now() - started });
    if (!res || res.status >= 500) tally.readErrors++;
    await sleep(200);
  }
}

async function rssLoop(replicas: ServiceProcess[], until: number, tally: Tally, started: number): Promise<void> {
  while (Date.now() < until) {
    tally.rss.push({ minute: (Date.now() - started) / 60_000, mb: replicas.map((r) => r.rssMb()) });
    await sleep(15_000);
  }
}

async function drained(service: ServiceProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pending = (await (await service.api('/api/alerts?status=PENDING&limit=1')).json()) as { total: number };
    if (pending.total === 0) return;
    if (Date.now() > deadline) throw new Error(`${pending.total} emails still PENDING after ${timeoutMs / 60_000} minutes`);
    await sleep(5_000);
  }
}

async function all<T>(service: ServiceProcess, path: string): Promise<T[]> {
  const items: T[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = (await (await service.api(`${path}${path.includes('?') ? '&' : '?'}limit=1000&offset=${offset}`)).json()) as {
      items: T[];
      total: number;
    };
    items.push(...page.items);
    if (items.length >= page.total) return items;
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function averageRss(tally: Tally, from: number, to: number, replica: number): number {
  const samples = tally.rss.filter((s) => s.minute >= from && s.minute < to).map((s) => s.mb[replica]);
  return samples.reduce((a, b) => a + b, 0) / samples.length;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const smtp = await TestSmtpServer.create();
  smtp.refuseEvery(5, 451, 'Try again later');
  const url = await freshPostgresDatabase(process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test', 'iem_soak');
  const env = { DATABASE_URL: url, SMTP_URL: smtp.url, EVALUATION_CRON: '* * * * *', OUTBOX_POLL_MS: '2000', LOG_LEVEL: 'warn' };
  const replicas = [await ServiceProcess.start({ env }), await ServiceProcess.start({ env })];
  const tally: Tally = { uploads: {}, evaluations: {}, reads: [], readErrors: 0, rss: [] };
  try {
    await post(replicas[0], '/api/portfolios', PORTFOLIO);
    await post(replicas[0], '/api/limits', {
      name: 'Single family 1.2%',
      portfolio: null,
      scope: { type: 'EACH_ISSUER_FAMILY' },
      measure: 'MARKET_VALUE',
      basis: 'PCT_ADMITTED_ASSETS',
      limitPct: 1.2,
    });
    await post(replicas[0], '/api/limits', {
      name: 'Technology 12%',
      portfolio: null,
      scope: { type: 'SECTOR', sector: 'Technology' },
      measure: 'MARKET_VALUE',
      basis: 'PCT_ADMITTED_ASSETS',
      limitPct: 12,
    });
    for (const [email, minSeverity] of [
      ['risk@example.com', 'WARNING'],
      ['cro@example.com', 'BREACH'],
      ['desk@example.com', 'WARNING'],
    ]) {
      await post(replicas[0], '/api/recipients', { email, portfolios: null, minSeverity });
    }
    const started = Date.now();
    const until = started + MINUTES * 60_000;
    console.log(`soak: ${MINUTES} min, 2 replicas on PostgreSQL, SMTP refusing 1 message in 5 (451)`);
    await Promise.all([
      uploadLoop(replicas, until, tally),
      evaluationLoop(replicas, until, tally),
      rssLoop(replicas, until, tally, started),
      ...[0, 1, 2, 3].map((reader) => readLoop(replicas, until, tally, reader)),
    ]);
    await drained(replicas[0], 15 * 60_000);
    await report(replicas[0], smtp, tally);
  } finally {
    await Promise.all(replicas.map((r) => r.stop()));
    await smtp.stop();
  }
}

async function report(service: ServiceProcess, smtp: TestSmtpServer, tally: Tally): Promise<void> {
  const alerts = await all<{ status: string; attempts: number; messageId: string }>(service, '/api/alerts');
  const runs = await all<{ trigger: string; status: string; scheduledFor: string | null; attempt: number }>(service, '/api/evaluations');
  const received = smtp.received.map((m) => m.messageId);
  const distinct = new Set(received);
  const ticks = runs.filter((r) => r.scheduledFor !== null);
  const byStatus = (status: string) => alerts.filter((a) => a.status === status).length;
  console.log(`uploads by answer: ${JSON.stringify(tally.uploads)}; manual evaluations by status: ${JSON.stringify(tally.evaluations)}`);
  console.log(
    `runs: ${runs.length} (${ticks.length} for cron ticks, ${new Set(ticks.map((r) => `${r.scheduledFor}#${r.attempt}`)).size} distinct ticks), RUNNING now: ${runs.filter((r) => r.status === 'RUNNING').length}, FAILED: ${runs.filter((r) => r.status === 'FAILED').length}`,
  );
  console.log(
    `emails: ${alerts.length} in the outbox; SENT ${byStatus('SENT')}, PENDING ${byStatus('PENDING')}, FAILED ${byStatus('FAILED')}; attempts max ${Math.max(0, ...alerts.map((a) => a.attempts))}`,
  );
  console.log(
    `SMTP: ${smtp.dataCommands} DATA commands, ${received.length} accepted, ${distinct.size} distinct Message-IDs, duplicates ${received.length - distinct.size}, outbox rows never received ${alerts.filter((a) => !distinct.has(a.messageId)).length}`,
  );
  console.log(`reads: ${tally.reads.length}, errors ${tally.readErrors}`);
  for (const path of [...new Set(tally.reads.map((r) => r.path))]) {
    const ms = tally.reads.filter((r) => r.path === path).map((r) => r.ms);
    console.log(
      `  ${path.padEnd(34)} ${String(ms.length).padStart(6)}  p50 ${percentile(ms, 50).toFixed(0).padStart(4)} ms  p99 ${percentile(ms, 99).toFixed(0).padStart(5)} ms  max ${Math.max(
        ...ms,
      )
        .toFixed(0)
        .padStart(5)} ms`,
    );
  }
  const window = Math.min(5, MINUTES / 3);
  for (const replica of [0, 1]) {
    const early = averageRss(tally, 1, 1 + window, replica);
    const late = averageRss(tally, MINUTES - window, MINUTES, replica);
    const peak = Math.max(...tally.rss.map((s) => s.mb[replica]));
    console.log(
      `replica ${replica + 1} RSS: minutes 1-${(1 + window).toFixed(0)} ${early.toFixed(0)} MB, last ${window.toFixed(0)} minutes ${late.toFixed(0)} MB (${((late / early - 1) * 100).toFixed(1)}%), peak ${peak.toFixed(0)} MB`,
    );
  }
}

await main();
