// npm run build, after nest build: bundles the web page (web/) with esbuild into dist/web, which the service serves.
import { copyFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const web = join(root, 'web');
const out = join(root, 'dist', 'web');

await mkdir(join(out, 'assets'), { recursive: true });
await build({
  entryPoints: { app: join(web, 'src', 'main.tsx') },
  outdir: join(out, 'assets'),
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: false,
  jsx: 'automatic',
  jsxImportSource: 'preact',
  tsconfig: join(web, 'tsconfig.json'),
  logLevel: 'warning',
});
await copyFile(join(web, 'index.html'), join(out, 'index.html'));
await copyFile(join(web, 'favicon.svg'), join(out, 'assets', 'favicon.svg'));
