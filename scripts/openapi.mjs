// npm run build, after nest build and before build-web.mjs: writes the service's OpenAPI document (the one
// served at /docs-json) to web/src/generated/openapi.json and the web page's API types, made from it by
// openapi-typescript, to web/src/generated/api.d.ts. Both are build output, not committed.
//
// `node scripts/openapi.mjs --if-stale` (npm run typecheck) runs `npm run build` only when api.d.ts is
// missing or older than a file of src/ or this script, so that the page is checked against the API as it is.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const generated = join(root, 'web', 'src', 'generated');
const types = join(generated, 'api.d.ts');

function newestSource() {
  const files = readdirSync(join(root, 'src'), { recursive: true }).map((file) => join(root, 'src', file));
  return Math.max(...[...files, import.meta.filename].map((file) => statSync(file).mtimeMs));
}

if (process.argv.includes('--if-stale')) {
  if (!existsSync(types) || statSync(types).mtimeMs < newestSource()) execSync('npm run build', { cwd: root, stdio: 'inherit' });
} else {
  await writeTypes();
}

async function writeTypes() {
  const dist = (path) => import(pathToFileURL(join(root, 'dist', 'src', path)).href);
  const [{ NestFactory }, { default: openapiTS, astToString }, { AppModule }, { openApiDocument }, { loadConfig }] = await Promise.all([
    import('@nestjs/core'),
    import('openapi-typescript'),
    dist('app.module.js'),
    dist('app.setup.js'),
    dist('config/app-config.js'),
  ]);
  // Preview mode reads the modules' controllers and decorators without creating a provider: no database, no scheduler.
  const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', EVALUATION_CRON: 'off', DATA_DIR: join(root, 'data') });
  const app = await NestFactory.create(AppModule.forRoot(config), { preview: true, logger: false, abortOnError: false });
  const document = openApiDocument(app);
  await app.close();

  const ast = await openapiTS(document, { alphabetize: false });
  const header = '// Made by scripts/openapi.mjs (npm run build) from the OpenAPI document at /docs-json. Do not edit.\n\n';
  await mkdir(generated, { recursive: true });
  await writeFile(join(generated, 'openapi.json'), `${JSON.stringify(document, null, 2)}\n`);
  await writeFile(types, header + astToString(ast));
}
