import { DataSource } from 'typeorm';
import { loadConfigFromEnvironment } from '../config/app-config.js';
import { dataSourceOptions } from './data-source-options.js';

/** For the TypeORM CLI (`npm run migration:revert`): as the owner role, DATABASE_MIGRATION_URL, else DATABASE_URL. */
const config = loadConfigFromEnvironment();
const url = config.databaseMigrationUrl ?? config.databaseUrl;
if (!url) throw new Error('DATABASE_MIGRATION_URL (or DATABASE_URL) must be set to use the migration CLI');
export default new DataSource(dataSourceOptions(url, 1));
