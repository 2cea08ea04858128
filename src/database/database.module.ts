import { Global, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { dataSourceOptions } from './data-source-options.js';
import { grantAppRole, roleOf } from './database-roles.js';
import { QueryCounter } from './query-counter.js';
import { runMigrations } from './run-migrations.js';

const logger = new Logger('Database');

/**
 * Runs the migrations as the owner role (DATABASE_MIGRATION_URL, or DATABASE_URL when there is
 * one role) on a connection of their own, then grants the app role what it needs.
 */
async function migrate(config: AppConfig & { databaseUrl: string }): Promise<void> {
  const ownerUrl = config.databaseMigrationUrl ?? config.databaseUrl;
  const owner = await new DataSource(dataSourceOptions(ownerUrl, 1, new QueryCounter((message) => logger.warn(message)), config.databaseTimeouts)).initialize();
  try {
    const appRole = roleOf(config.databaseUrl);
    const separate = appRole !== roleOf(ownerUrl);
    const applied = await runMigrations(owner, separate ? (runner) => grantAppRole(runner, appRole) : undefined);
    if (applied.length > 0) logger.log({ message: 'migrations applied', migrations: applied });
    if (!separate && config.mode === 'production') {
      logger.warn('the app connects as the role that owns the tables: set DATABASE_MIGRATION_URL (docs/operations.md, "Database roles")');
    }
  } finally {
    await owner.destroy();
  }
}

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => {
        if (!config.databaseUrl) throw new Error('databaseUrl must be resolved before the app module is built');
        await migrate({ ...config, databaseUrl: config.databaseUrl });
        return dataSourceOptions(config.databaseUrl, config.databasePoolSize, new QueryCounter((message) => logger.warn(message)), config.databaseTimeouts);
      },
      dataSourceFactory: async (options) => new DataSource(options!).initialize(),
    }),
  ],
})
export class DatabaseModule {}
