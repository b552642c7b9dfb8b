import { readFile } from 'node:fs/promises';
import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/roles.js';
import { NotFound } from '../common/errors.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { WEB_DIR } from './web-files.js';

/** The page's own routes all answer the page, so that digest links (/breaches/:id) and deep links with filters open it. */
@ApiExcludeController()
@Public()
@Controller()
export class WebController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** With single sign-on set up, the page says so in a meta element, and its sign-in screen offers it. */
  @Get(['', 'breaches', 'breaches/:id', 'headroom', 'holdings', 'evaluations'])
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  async page(): Promise<string> {
    const page = await built('index.html');
    return this.config.oidc ? page.replace('</head>', `  <meta name="${SSO_META}" content="on" />\n  </head>`) : page;
  }

  /** Asked for by browsers on pages without an icon of their own (the HTML report). */
  @Get('favicon.ico')
  @Header('Content-Type', 'image/svg+xml')
  @Header('Cache-Control', 'max-age=86400')
  icon(): Promise<string> {
    return built('assets/favicon.svg');
  }
}

/** Read by web/src/session.ts. */
export const SSO_META = 'iem-single-sign-on';

function built(file: string): Promise<string> {
  return readFile(`${WEB_DIR}${file}`, 'utf8').catch(() => {
    throw new NotFound(`${file} of the web page (run npm run build)`);
  });
}
