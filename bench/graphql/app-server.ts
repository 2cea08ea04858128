// Child process: the real app, built by the same createApp() as main.ts and the e2e tests,
// from settings the bench passes as JSON (see appSettings in run.ts).
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory.js';
import { loadConfig } from '../../src/config/app-config.js';
import { queryCounterOf } from '../../src/database/query-counter.js';
import { serveToParent } from './child-server.js';

serveToParent(async () => {
  const settings = JSON.parse(process.env.BENCH_APP_SETTINGS ?? '{}') as Record<string, string>;
  const app = await createApp(loadConfig(settings));
  await app.listen(0, '127.0.0.1');
  const counter = queryCounterOf(app.get(DataSource));
  return {
    url: (await app.getUrl()).replace('[::1]', '127.0.0.1'),
    close: () => app.close(),
    queryCount: () => counter.queries,
  };
});
