import { Module } from '@nestjs/common';
import { WebController } from './web.controller.js';

/** The risk officers' web page (web/, bundled into dist/web by npm run build). */
@Module({ controllers: [WebController] })
export class WebModule {}
