import type { QueryRunner } from 'typeorm';

/** The role a connection URL signs in as. */
export function roleOf(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

/** A role name quoted as an SQL identifier. */
export function quoteRole(role: string): string {
  return `"${role.replace(/"/g, '""')}"`;
}

/** Tables the app only reads or appends to: the audit chain, its cut-over and the migration record. */
const APPEND_ONLY = ['audit_entry'];
const READ_ONLY = ['audit_chain_cutover', 'schema_migration'];

/**
 * Run as the owner role after the migrations: the app role may read and write the tables' rows
 * and use their sequences, nothing more. It owns nothing, so it can alter, drop, truncate or
 * disable the triggers of no table; on the audit chain it may only INSERT and SELECT. Default
 * privileges give it the same on tables later migrations create; granting again on every start
 * covers tables created before this existed. (Since PostgreSQL 15 no role but the database's
 * owner may create objects in the public schema.)
 */
export async function grantAppRole(runner: QueryRunner, appRole: string): Promise<void> {
  const app = quoteRole(appRole);
  await runner.query(`GRANT USAGE ON SCHEMA public TO ${app}`);
  await runner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app}`);
  await runner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app}`);
  await runner.query(`REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ${APPEND_ONLY.join(', ')} FROM ${app}`);
  await runner.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ${READ_ONLY.join(', ')} FROM ${app}`);
  await runner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app}`);
  await runner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${app}`);
}
