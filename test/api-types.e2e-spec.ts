import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApp } from './support/app.js';
import { freshSqlite } from './support/databases.js';

const generated = join(import.meta.dirname, '..', 'web', 'src', 'generated');

/** npm run build writes the page's API types from the document of a Nest app it creates without a database (scripts/openapi.mjs). */
describe("the web page's API types", () => {
  it('are made from the very document the running service serves at /docs-json', async () => {
    const app = await startApp(freshSqlite());
    try {
      const served = (await app.anonymous().get('/docs-json').expect(200)).body;
      expect(JSON.parse(readFileSync(join(generated, 'openapi.json'), 'utf8'))).toEqual(served);
      expect(readFileSync(join(generated, 'api.d.ts'), 'utf8')).toContain('ExposureView: {');
    } finally {
      await app.close();
    }
  });
});
