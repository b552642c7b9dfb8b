import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseTarget } from '../config/app-config.js';
import { featureEntities } from './feature-entities.js';
import { migrations } from './migrations/index.js';

/** The connection settings of `target`, with every entity a feature module names. */
export function dataSourceOptions(target: DatabaseTarget): DataSourceOptions {
  const common = { entities: featureEntities(), migrations, synchronize: false, migrationsRun: false, logging: false } as const;
  if (target.kind === 'postgres') {
    return { ...common, type: 'postgres', url: target.url, extra: { max: 10 } };
  }
  if (target.file !== ':memory:') mkdirSync(dirname(target.file), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: target.file,
    // WAL lets readers go on while an upload writes; the busy timeout covers a checkpoint.
    prepareDatabase: (db: { pragma(source: string): unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 5000');
      // FULL: each COMMIT is fsynced in the WAL before it is answered. NORMAL left it to the next
      // checkpoint, and a power cut or a disk that failed meanwhile lost writes answered 201.
      db.pragma('synchronous = FULL');
      // Checkpoints run on a thread of their own (WalCheckpointer), not in the connection that commits.
      db.pragma('wal_autocheckpoint = 0');
    },
  };
}
