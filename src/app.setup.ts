import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { json } from 'express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
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

/** Over plain http the header means nothing to a browser and only misleads a scanner. */
function httpsOnlyHsts(req: Request, res: Response, next: NextFunction): void {
  if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  next();
}

/** Holdings, breaches and reports are not for a browser's or a proxy's cache. */
function noStoreForData(req: Request, res: Response, next: NextFunction): void {
  const path = req.path.toLowerCase();
  if (path.startsWith('/api/') || path === '/metrics' || path.startsWith('/metrics/')) res.setHeader('Cache-Control', 'no-store');
  next();
}

/** Everything main.ts and the end-to-end tests set up alike. */
export function configureApp(app: INestApplication): void {
  (app as NestExpressApplication).set('trust proxy', app.get<AppConfig>(APP_CONFIG).trustProxy);
  // Named like Nest's default JSON parser (jsonParser), which it therefore replaces.
  app.use(json({ verify: refuseDeepJson }));
  app.use(requestId);
  app.use(helmet({ contentSecurityPolicy: CONTENT_SECURITY_POLICY, strictTransportSecurity: false }));
  app.use(httpsOnlyHsts);
  app.use(noStoreForData);
  serveWebAssets(app);
  app.useGlobalPipes(validationPipe());
  app.enableShutdownHooks();
  SwaggerModule.setup('docs', app, openApiDocument(app), { jsonDocumentUrl: 'docs-json' });
}

/** The OpenAPI document served at /docs-json; scripts/openapi.mjs writes the web page's API types from it. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
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
}
