import { readFile } from 'node:fs/promises';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/roles.js';
import { NotFound } from '../common/errors.js';
import { WEB_DIR } from './web-files.js';

/** The page's own routes all answer the page, so that digest links (/breaches/:id) and deep links with filters open it. */
@ApiExcludeController()
@Public()
@Controller()
export class WebController {
  @Get(['', 'breaches', 'breaches/:id', 'headroom', 'holdings', 'evaluations'])
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  page(): Promise<string> {
    return built('index.html');
  }

  /** Asked for by browsers on pages without an icon of their own (the HTML report). */
  @Get('favicon.ico')
  @Header('Content-Type', 'image/svg+xml')
  @Header('Cache-Control', 'max-age=86400')
  icon(): Promise<string> {
    return built('assets/favicon.svg');
  }
}

function built(file: string): Promise<string> {
  return readFile(`${WEB_DIR}${file}`, 'utf8').catch(() => {
    throw new NotFound(`${file} of the web page (run npm run build)`);
  });
}
