import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Database } from './database.js';
import { registerEntities, type EntityClass } from './feature-entities.js';

/** What a feature imports to name its entities; it provides nothing. */
@Module({})
class DatabaseFeatureModule {}

@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(Database) private readonly db: Database) {}

  static forRoot(): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: Database,
          inject: [APP_CONFIG],
          useFactory: async (config: AppConfig) => {
            const db = await Database.open(config.database);
            await db.migrate();
            return db;
          },
        },
      ],
      exports: [Database],
    };
  }

  /** Names a feature module's entities: they are the tables the database opens with (TypeORM's autoLoadEntities, by hand). */
  static forFeature(entities: EntityClass[]): DynamicModule {
    registerEntities(entities);
    return { module: DatabaseFeatureModule };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}
