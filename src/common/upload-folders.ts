// Kept in common beside multipart.ts, not in src/files: the folders serve its upload interceptor,
// and UploadLeftovers is a Nest provider (registered in AppModule) that clears them at start.
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Instance } from './instance.js';

/**
 * Uploads wait on disk under DATA_DIR/uploads while they are read, each in a folder named after
 * the instance that receives it (host, pid, start time: see Instance). A folder outlives its
 * upload only when its process was killed (kill -9, a crash); the next start removes those of
 * processes that are gone, and leaves alone the uploads of a live process sharing DATA_DIR.
 */
export function uploadsRoot(dataDir: string): string {
  return join(dataDir, 'uploads');
}

export async function newUploadFolder(dataDir: string, instance: Instance): Promise<string> {
  await mkdir(uploadsRoot(dataDir), { recursive: true });
  return mkdtemp(join(uploadsRoot(dataDir), `${instance.id}_`));
}

/** No upload lasts a day: a folder that old (another host's, say, whose pids mean nothing here) was left behind. */
const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000;

/** Removes at start the upload folders of processes that ended without removing them. */
@Injectable()
export class UploadLeftovers implements OnModuleInit {
  private readonly logger = new Logger(UploadLeftovers.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly instance: Instance,
  ) {}

  async onModuleInit(): Promise<void> {
    const root = uploadsRoot(this.config.dataDir);
    const names = await readdir(root).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? [] : Promise.reject(err)));
    let removed = 0;
    for (const name of names) {
      if (!(await this.isLeftover(join(root, name), name))) continue;
      await rm(join(root, name), { recursive: true, force: true });
      removed += 1;
    }
    if (removed) this.logger.log(`Removed ${removed} upload folder(s) left by processes that ended`);
  }

  private async isLeftover(path: string, name: string): Promise<boolean> {
    return this.instance.isGone(name) || Date.now() - (await stat(path)).mtimeMs > ABANDONED_AFTER_MS;
  }
}
