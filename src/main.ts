import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { configureApp } from './app.setup.js';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config.js';

function configOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}

async function bootstrap(): Promise<void> {
  const config = configOrExit();
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: false });
  configureApp(app);
  await app.listen(config.port);
  new Logger('Bootstrap').log(`Issuer-exposure monitor listening on ${config.publicUrl} (database: ${config.database.kind})`);
}

void bootstrap();
