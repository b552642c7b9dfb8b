import { fileURLToPath } from 'node:url';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';

/** Where `npm run build` puts the page (scripts/build-web.mjs): dist/web beside dist/src. */
export const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));

/** The page's script, styles and icon; revalidated on each load (ETag), since their names do not change between builds. */
export function serveWebAssets(app: INestApplication): void {
  (app as NestExpressApplication).useStaticAssets(`${WEB_DIR}assets`, { prefix: '/assets/', index: false, maxAge: 0 });
}
