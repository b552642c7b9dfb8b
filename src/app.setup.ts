import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { validationPipe } from './common/validation.js';

/** Everything main.ts and the end-to-end tests set up alike. */
export function configureApp(app: INestApplication): void {
  app.useGlobalPipes(validationPipe());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Issuer-exposure monitor')
      .setDescription('Holdings, per-issuer limits, projected bond issuance and breach alerts for life insurers')
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
