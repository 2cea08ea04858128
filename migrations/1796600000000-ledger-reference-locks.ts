import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What the ledger refers to: the column, and the table of the row it names (as LedgerReferenceChecks1796400000000). */
const REFERENCES = [
  ['sharing_decision', 'recorded_by_organisation_id', 'organisation'],
  ['sharing_decision', 'requesting_organisation_id', 'organisation'],
  ['sharing_decision', 'disclosing_organisation_id', 'organisation'],
  ['sharing_decision', 'decided_by_user_id', 'app_user'],
  ['sharing_decision', 'agreement_id', 'agreement'],
  ['sharing_decision', 'agreement_version_id', 'agreement_version'],
  ['sharing_decision_key', 'recorded_by_organisation_id', 'organisation'],
] as const;

const LEDGER_TABLES = ['sharing_decision', 'sharing_decision_key'] as const;
const NAMED_TABLES = ['organisation', 'app_user', 'agreement', 'agreement_version'] as const;

/**
 * The ledger's reference checks without row locks. A recording locked every row it named FOR KEY
 * SHARE, as a foreign key does, so that a delete of that row would wait for it: with many
 * recordings at once naming the same organisation, user and agreement, each lock was a shared
 * (multixact) lock written to the row, and the checks ran under the audit lock, at the end of the
 * recording's statement, holding up every other write (a fifth of a single decision's time in
 * PostgreSQL, measured by disabling them). Now the rare side pays: removing a named row (or
 * changing its id), which the app never does, first takes SHARE locks on the ledger's two tables,
 * key table first as recordings write them. That waits for every recording in flight (they hold
 * ROW EXCLUSIVE from their statement's start, before their check) and holds off new ones until it
 * commits, so either the recording commits first and the delete sees its reference and is
 * refused, or the delete commits first and the recording's check, on a snapshot of its own, finds
 * the row gone and fails. A delete of an agreement can also meet a recording that waits for the
 * agreement's row (its rollups read the agreement FOR KEY SHARE): PostgreSQL then ends one of the
 * two as a deadlock.
 */
export class LedgerReferenceLocks1796600000000 implements MigrationInterface {
  name = 'LedgerReferenceLocks1796600000000';

  async up(db: QueryRunner): Promise<void> {
    await defineChecks(db, false);
  }

  async down(db: QueryRunner): Promise<void> {
    await defineChecks(db, true);
  }
}

/** The functions of LedgerReferenceChecks1796400000000, with the recordings' row locks (as it made them) or without. */
async function defineChecks(db: QueryRunner, rowLocks: boolean): Promise<void> {
  const targetsOf = (table: string) => [...new Set(REFERENCES.filter(([t]) => t === table).map(([, , target]) => target))];
  const columnsTo = (table: string, target: string) => REFERENCES.filter(([t, , g]) => t === table && g === target).map(([, column]) => column);
  const complete = (table: string) => {
    const ctes = targetsOf(table).flatMap((target) => [
      `need_${target} AS (${columnsTo(table, target).map((c) => `SELECT ${c} AS id FROM written WHERE ${c} IS NOT NULL`).join(' UNION ')})`,
      `got_${target} AS (SELECT t.id FROM ${target} t WHERE t.id IN (SELECT id FROM need_${target})${rowLocks ? ' ORDER BY t.id FOR KEY SHARE' : ''})`,
    ]);
    const equal = targetsOf(table).map((target) => `(SELECT count(DISTINCT id) FROM need_${target}) = (SELECT count(*) FROM got_${target})`);
    return `WITH ${ctes.join(',\n               ')}\n          SELECT ${equal.join(' AND ')}`;
  };
  const missing = (table: string) =>
    REFERENCES.filter(([t]) => t === table)
      .map(
        ([, column, target]) =>
          `SELECT '${target} ' || ids.id || ' (${column})' FROM (SELECT DISTINCT ${column} AS id FROM written WHERE ${column} IS NOT NULL) ids
           WHERE NOT EXISTS (SELECT 1 FROM ${target} t WHERE t.id = ids.id)`,
      )
      .join('\n             UNION ALL ');
  for (const table of LEDGER_TABLES) {
    await db.query(`
      CREATE OR REPLACE FUNCTION ${table}_references_exist() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        found_all boolean;
        absent text;
      BEGIN
        ${complete(table)}
        INTO found_all;
        IF found_all THEN
          RETURN NULL;
        END IF;
        SELECT what INTO absent FROM (
           ${missing(table)}
        ) AS problems(what) LIMIT 1;
        RAISE EXCEPTION '${table} names no %', absent USING ERRCODE = 'foreign_key_violation';
      END
      $$`);
  }
  for (const target of NAMED_TABLES) {
    const uses = REFERENCES.filter(([, , g]) => g === target)
      .map(([table, column]) => `EXISTS (SELECT 1 FROM ${table} WHERE ${column} = OLD.id)`)
      .join(' OR ');
    await db.query(`
      CREATE OR REPLACE FUNCTION ${target}_kept_for_ledger() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND NEW.id = OLD.id THEN
          RETURN NEW;
        END IF;
        ${rowLocks ? '' : 'LOCK TABLE sharing_decision_key, sharing_decision IN SHARE MODE; -- the key table first, as recordings write them'}
        IF ${uses} THEN
          RAISE EXCEPTION '${target} % is named by recorded sharing decisions', OLD.id USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END
      $$`);
  }
}
