import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { QueryCounter } from '../../src/database/query-counter.js';

export const ADMIN_EMAIL = 'admin@accordant.test';
export const ADMIN_PASSWORD = 'first violet lantern kettle';
export const DEFAULT_PASSWORD = 'correct horse battery';
/** The app role every test database grants to (src/database/database-roles.ts); the server's superuser owns the tables. */
export const APP_ROLE = 'accordant_app';

export interface GraphqlError {
  message: string;
  path?: string[];
  extensions: { code: string; fields?: { field: string; rule: string; message: string }[]; retryAfterSeconds?: number };
}

export interface GraphqlResponse<T = Record<string, any>> {
  status: number;
  data: T | null;
  errors?: GraphqlError[];
}

export interface TestApp {
  app: INestApplication;
  url: string;
  config: AppConfig;
  /** A client connection to this file's database, as the superuser (the owner role, which ran the migrations). */
  db: pg.Client;
  /** A TypeORM data source as the owner role, for running a migration's down and up (the app's own role may not). */
  owner: DataSource;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphqlResponse<T>>;
  login(email: string, password?: string): Promise<string>;
  adminToken(): Promise<string>;
  /** Drops the cached admin token, for a test whose sessions a moved clock has swept away. */
  forgetAdminToken(): void;
  close(): Promise<void>;
}

/**
 * Boots the real AppModule on its own fresh database in the suite's PostgreSQL (or in the server
 * at `serverUrl`, e.g. a test's own one from own-postgres.ts) and listens on a free port, so
 * tests speak GraphQL over HTTP as a client would.
 */
export async function startTestApp(env: Record<string, string> = {}, serverUrl = process.env.ACCORDANT_TEST_PG_URL): Promise<TestApp> {
  if (!serverUrl) throw new Error('ACCORDANT_TEST_PG_URL is not set: run the tests through `npm test`');
  const database = `accordant_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await ensureAppRole(admin);
  await admin.end();
  const appUrl = new URL(`${serverUrl}/${database}`);
  appUrl.username = APP_ROLE;
  appUrl.password = APP_ROLE;
  const anchors = mkdtempSync(join(tmpdir(), 'accordant-anchors-'));

  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: appUrl.toString(),
    DATABASE_MIGRATION_URL: `${serverUrl}/${database}`,
    TOKEN_SECRET: randomBytes(32).toString('hex'),
    CASE_REFERENCE_KEY: randomBytes(32).toString('hex'),
    AUDIT_KEY: randomBytes(32).toString('hex'),
    AUDIT_ANCHOR_FILE: join(anchors, 'audit-anchors.jsonl'),
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    LOG_LEVEL: 'error',
    DATABASE_POOL_SIZE: '5',
    // Every sign-in counts against its address, and all tests sign in from one.
    LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '1000000',
    // Suites download many documents as one user within a minute; test/documents.e2e-spec.ts tests the limit.
    DOCUMENT_RATE_LIMIT_PER_MINUTE: '1000000',
    ...env,
  });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const db = new pg.Client({ connectionString: config.databaseMigrationUrl! });
  await db.connect();
  const owner = await new DataSource(dataSourceOptions(config.databaseMigrationUrl!, 2, new QueryCounter(() => undefined))).initialize();

  const gql: TestApp['gql'] = async (query, variables, token) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: any; errors?: GraphqlError[] };
    return { status: response.status, data: body.data ?? null, errors: body.errors };
  };

  const login = async (email: string, password = DEFAULT_PASSWORD) => {
    const result = await gql<{ login: { token: string } }>(
      'mutation ($input: LoginInput!) { login(input: $input) { token } }',
      { input: { email, password } },
    );
    if (!result.data) throw new Error(`login as ${email} failed: ${JSON.stringify(result.errors)}`);
    return result.data.login.token;
  };

  let adminTokenCache: string | undefined;
  return {
    app,
    url,
    config,
    db,
    owner,
    gql,
    login,
    adminToken: async () => (adminTokenCache ??= await login(ADMIN_EMAIL, ADMIN_PASSWORD)),
    forgetAdminToken: () => {
      adminTokenCache = undefined;
    },
    close: async () => {
      await db.end();
      await owner.destroy();
      await app.close();
      const cleanup = new pg.Client({ connectionString: `${serverUrl}/postgres` });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await cleanup.end();
      rmSync(anchors, { recursive: true, force: true });
    },
  };
}

/** The app role, once per server; test files starting in parallel may race to create it. */
async function ensureAppRole(admin: pg.Client): Promise<void> {
  await admin.query(`
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
        CREATE ROLE ${APP_ROLE} LOGIN PASSWORD '${APP_ROLE}';
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$`);
}

/** The data of a response that must have succeeded; fails the test with the errors otherwise. */
export function ok<T>(response: GraphqlResponse<T>): T {
  if (response.errors?.length || !response.data) throw new Error(`expected success, got ${JSON.stringify(response.errors)}`);
  return response.data;
}

/** The single error of a response that must have failed. */
export function failure(response: GraphqlResponse): GraphqlError {
  if (!response.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(response.data)}`);
  return response.errors[0];
}
