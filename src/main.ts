import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory.js';
import { ConfigError, loadConfigFromEnvironment, type AppConfig } from './config/app-config.js';
import { createJsonLogger } from './common/logging/json-logger.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './database/embedded-database.js';

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfigFromEnvironment();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  Logger.overrideLogger(createJsonLogger(config.logLevel));
  const logger = new Logger('Main');

  let embedded: EmbeddedDatabase | undefined;
  if (!config.databaseUrl) {
    embedded = await startEmbeddedDatabase(config.dataDir, config.embeddedDatabasePort, (message) => logger.log(message));
    config = { ...config, databaseUrl: embedded.url };
    logger.log({ message: 'embedded PostgreSQL started', dataDir: config.dataDir, port: config.embeddedDatabasePort });
  }

  const app = await createApp(config);
  if (embedded) {
    const database = embedded;
    // Nest closes its own resources on SIGTERM/SIGINT; the embedded server goes last.
    process.once('beforeExit', () => void database.stop());
    app.getHttpAdapter().getHttpServer().once('close', () => void database.stop());
  }
  await app.listen(config.port);
  logger.log({ message: `Accordant is serving GraphQL at http://localhost:${config.port}/graphql`, mode: config.mode });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
