/**
 * The URL of a worker thread's script `name`, beside the module at `base`. Built, both are in
 * `dist/`; when the module runs as TypeScript (the tests), the script is taken from `dist/`, which
 * `npm test` builds first: a worker thread cannot run TypeScript.
 */
export function workerScript(name: string, base: string): URL {
  const url = new URL(name, base);
  return base.endsWith('.ts') ? new URL(url.href.replace('/src/', '/dist/src/')) : url;
}
