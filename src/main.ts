import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { configureApp } from './app.setup.js';
import { ConfigError, loadConfig } from './config/app-config.js';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: false });
  configureApp(app);
  await app.listen(config.port);
  new Logger('Bootstrap').log(`Issuer-exposure monitor listening on ${config.publicUrl} (database: ${config.database.kind})`);
}

bootstrap().catch((err: unknown) => {
  // A configuration problem is one sentence naming the variable, not a stack trace.
  process.stderr.write(`${err instanceof ConfigError ? err.message : ((err as Error).stack ?? String(err))}\n`);
  process.exit(1);
});
