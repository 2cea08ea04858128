import { Global, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { dataSourceOptions } from './data-source-options.js';
import { QueryCounter } from './query-counter.js';
import { runMigrations } from './run-migrations.js';

const logger = new Logger('Database');

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        if (!config.databaseUrl) throw new Error('databaseUrl must be resolved before the app module is built');
        return dataSourceOptions(config.databaseUrl, config.databasePoolSize, new QueryCounter((message) => logger.warn(message)), config.databaseTimeouts);
      },
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        const applied = await runMigrations(dataSource);
        if (applied.length > 0) logger.log({ message: 'migrations applied', migrations: applied });
        return dataSource;
      },
    }),
  ],
})
export class DatabaseModule {}
