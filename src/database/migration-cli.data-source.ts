import { DataSource } from 'typeorm';
import { loadConfigFromEnvironment } from '../config/app-config.js';
import { dataSourceOptions } from './data-source-options.js';

/** For the TypeORM CLI (`npm run migration:revert`): needs DATABASE_URL. */
const config = loadConfigFromEnvironment();
if (!config.databaseUrl) throw new Error('DATABASE_URL must be set to use the migration CLI');
export default new DataSource(dataSourceOptions(config.databaseUrl, 1));
