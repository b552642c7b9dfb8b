import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config.js';
import { dataSourceOptions } from './data-source-options.js';
// The feature modules name the entities as they load.
import '../app.module.js';

/** For the TypeORM CLI only: the service's configuration, from the same loader. */
export default new DataSource(dataSourceOptions(loadConfig().database));
