import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json } from 'express';
import helmet from 'helmet';
import { errorResponse } from './common/api-errors.js';
import { refuseDeepJson } from './common/json-depth.js';
import { requestId } from './common/request-id.middleware.js';
import { validationPipe } from './common/validation.js';
import { SESSION_COOKIE } from './auth/session-cookies.js';
import { serveWebAssets } from './web/web-files.js';

/**
 * Scripts only from this service's own files, never inline: the web page and Swagger UI load theirs
 * from files. Styles may be inline (the HTML report's <style>, Swagger UI's), images data: URIs
 * (Swagger UI's icons). No upgrade-insecure-requests: the service may well be reached over plain http.
 */
const CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'self'"],
  },
};

/** Everything main.ts and the end-to-end tests set up alike. */
export function configureApp(app: INestApplication): void {
  // Named like Nest's default JSON parser (jsonParser), which it therefore replaces.
  app.use(json({ verify: refuseDeepJson }));
  app.use(requestId);
  app.use(helmet({ contentSecurityPolicy: CONTENT_SECURITY_POLICY }));
  serveWebAssets(app);
  app.useGlobalPipes(validationPipe());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Issuer-exposure monitor')
      .setDescription('Holdings, per-issuer limits, projected bond issuance and breach alerts for life insurers')
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key' })
      .addCookieAuth(SESSION_COOKIE, {
        type: 'apiKey',
        in: 'cookie',
        description: "The web page's session (POST /api/session); a change also needs X-Requested-With",
      })
      .addGlobalResponse(errorResponse(500))
      .addGlobalResponse(errorResponse(503))
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
