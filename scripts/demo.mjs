// npm run demo: builds if needed, starts the service on the embedded SQLite default, loads the demo
// workspace (config/demo/) into an empty database, and prints the URL and an admin key.
import { execSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openAsBlob, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const demo = join(root, 'config', 'demo');
const dataDir = resolve(process.env.DATA_DIR ?? join(root, 'data'));
const port = process.env.PORT ?? '3000';
const url = `http://localhost:${port}`;

function newestSource(folder) {
  return Math.max(...readdirSync(folder, { recursive: true }).map((file) => statSync(join(folder, file)).mtimeMs));
}
const built = join(root, 'dist', 'src', 'main.js');
if (!existsSync(built) || statSync(built).mtimeMs < newestSource(join(root, 'src'))) {
  execSync('npm run build', { cwd: root, stdio: 'inherit' });
}
const { counted } = await import(pathToFileURL(join(root, 'dist', 'src', 'shared', 'plural.js')).href);

// ADMIN_API_KEY only takes effect while no admin exists, so the demo keeps its key beside the database.
mkdirSync(dataDir, { recursive: true });
const keyFile = join(dataDir, 'demo-admin-key');
if (!process.env.ADMIN_API_KEY && !existsSync(keyFile))
  writeFileSync(keyFile, `iem_${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
const adminKey = process.env.ADMIN_API_KEY ?? readFileSync(keyFile, 'utf8').trim();

const service = spawn(process.execPath, [join(root, 'dist', 'src', 'main.js')], {
  cwd: root,
  // Warnings and errors only, so that the page's URL stays the last line (LOG_LEVEL=info shows every request).
  env: { LOG_LEVEL: 'warn', ...process.env, DATA_DIR: dataDir, PORT: port, ADMIN_API_KEY: adminKey },
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => service.kill(signal));
service.on('exit', (code) => process.exit(code ?? 0));

const api = async (path, init = {}) => {
  const headers = { Authorization: `Bearer ${adminKey}`, ...(init.body instanceof FormData ? {} : { 'Content-Type': 'application/json' }) };
  const res = await fetch(`${url}${path}`, { ...init, headers });
  const body = await res.json();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path} answered ${res.status}: ${JSON.stringify(body)}`);
  return body;
};

async function waitUntilHealthy() {
  for (let attempt = 0; attempt < 300; attempt++) {
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the service did not start within 30 s');
}

async function upload(path, file, fields = {}) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  form.set('file', await openAsBlob(join(demo, file)), file);
  return api(path, { method: 'POST', body: form });
}

async function loadWorkspace() {
  if ((await api('/api/portfolios')).total > 0) return console.log('Demo: the database already has portfolios; nothing loaded.');
  const portfolio = JSON.parse(readFileSync(join(demo, 'portfolio.json'), 'utf8'));
  await api('/api/portfolios', { method: 'POST', body: JSON.stringify(portfolio) });
  const snapshot = await upload(`/api/portfolios/${portfolio.code}/holdings`, 'holdings.csv', { asOfDate: '2026-11-30' });
  const hierarchy = await upload('/api/issuers/hierarchy', 'hierarchy.csv');
  console.log(
    `Demo: portfolio ${portfolio.code}, snapshot ${snapshot.snapshotId} of ${counted(snapshot.rows, 'holding')} (${counted(snapshot.issuersCreated, 'issuer')}), ${counted(hierarchy.linksChanged, 'economic-parent link')} (Beignet Investor LLC -> Meta).`,
  );
  const pipeline = await upload('/api/issuance/deals/upload', 'issuance-pipeline.csv');
  const routes = { 'forecasts.json': '/api/issuance/forecasts', 'limits.json': '/api/limits', 'recipients.json': '/api/recipients' };
  for (const [file, route] of Object.entries(routes)) {
    for (const body of JSON.parse(readFileSync(join(demo, file), 'utf8'))) await api(route, { method: 'POST', body: JSON.stringify(body) });
  }
  const run = await api('/api/evaluations', { method: 'POST', body: JSON.stringify({}) });
  const { counts } = run;
  console.log(
    `Demo: ${counted(pipeline.deals, 'pipeline deal')} (those of 2026 are taken as already held) and 2027 run-rates for Meta, Oracle and Alphabet.`,
  );
  console.log(
    `Demo: evaluation ${run.id}: ${counted(counts.breaches, 'breach', 'breaches')} and ${counted(counts.warnings, 'warning')} over all scenarios, ${counted(counts.emails, 'digest email')}.`,
  );
  console.log(
    `Demo: breach report at ${url}/api/evaluations/${run.id}/report?format=html (opens in the browser once signed in on the page).`,
  );
  console.log(
    `Demo: the digests are written to ${join(dataDir, 'outbox')} as .eml files (no SMTP_URL set) within ${process.env.OUTBOX_POLL_MS ?? 5000} ms.`,
  );
}

try {
  await waitUntilHealthy();
  await loadWorkspace();
  console.log(`\nAdmin API key: ${adminKey}`);
  console.log(`API docs: ${url}/docs   Try: curl -H "Authorization: Bearer ${adminKey}" ${url}/api/portfolios/LIFE-GA/snapshots`);
  console.log(`\nThe web page (sign in with the admin API key above): ${url}/\n`);
} catch (err) {
  console.error(`Demo failed: ${err.message}`);
  service.kill('SIGTERM');
}
