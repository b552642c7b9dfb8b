import 'reflect-metadata';
import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { configureApp } from './app.setup.js';
import { createLogger, type AppLogger } from './common/logger.js';
import { loadConfig, logSettings, StartupError } from './config/app-config.js';

async function bootstrap(logger: AppLogger): Promise<void> {
  const config = loadConfig();
  await prepareDataDir(config.dataDir);
  await checkPortFree(config.port).catch(portFailure(config.port));
  // Nest's lines wait until the modules are up: should one fail, the operator reads our one line, not Nest's stack dump.
  const app = await NestFactory.create(AppModule.forRoot(config), { logger, bufferLogs: true, autoFlushLogs: false, abortOnError: false });
  app.flushLogs();
  configureApp(app);
  await app.listen(config.port).catch(portFailure(config.port));
  logger.log(`Issuer-exposure monitor listening on ${config.publicUrl} (database: ${config.database.kind})`, 'Bootstrap');
}

async function prepareDataDir(dataDir: string): Promise<void> {
  const problem = await dataDirProblem(dataDir);
  if (problem) throw new StartupError('DATA_DIR', `${dataDir} ${problem}; point DATA_DIR at a folder this service may write to`);
}

/** Why DATA_DIR cannot hold the outbox and the default SQLite file, or null when it can. */
async function dataDirProblem(dataDir: string): Promise<string | null> {
  try {
    await mkdir(dataDir, { recursive: true });
    await access(dataDir, constants.W_OK);
    return null;
  } catch (err) {
    const { code, message } = err as NodeJS.ErrnoException;
    return code === 'EEXIST' ? 'is a file, not a folder' : `cannot be created or written (${message})`;
  }
}

/** Binds PORT for a moment first: a second instance must find it taken before it migrates, sends mail or evaluates. */
async function checkPortFree(port: number): Promise<void> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(port, resolve));
  await new Promise((resolve) => probe.close(resolve));
}

/** A port taken or privileged as the operator's sentence; any other error as it is. */
function portFailure(port: number): (err: NodeJS.ErrnoException) => never {
  return (err) => {
    if (err.code === 'EADDRINUSE')
      throw new StartupError('PORT', `${port} is already in use by another process; stop that process or choose another PORT`);
    if (err.code === 'EACCES')
      throw new StartupError('PORT', `${port} needs privileges this process does not have; choose a PORT above 1023`);
    throw err;
  };
}

/** An invalid LOG_FORMAT or LOG_LEVEL is reported by loadConfig, through a logger with the defaults. */
function startupLogger(): AppLogger {
  try {
    return createLogger(logSettings());
  } catch {
    return createLogger(logSettings({}));
  }
}

const logger = startupLogger();

/** What stops the service is its last line: the operator's fix in one sentence, or a bug with its stack. */
function stop(err: unknown): never {
  logger.fatal(err instanceof StartupError ? err.message : err, 'Main');
  process.exit(1);
}

process.on('uncaughtException', stop);
bootstrap(logger).catch(stop);
