import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What the ledger refers to: the column, and the table and label of the row it names. */
const REFERENCES = [
  ['sharing_decision', 'recorded_by_organisation_id', 'organisation'],
  ['sharing_decision', 'requesting_organisation_id', 'organisation'],
  ['sharing_decision', 'disclosing_organisation_id', 'organisation'],
  ['sharing_decision', 'decided_by_user_id', 'app_user'],
  ['sharing_decision', 'agreement_id', 'agreement'],
  ['sharing_decision', 'agreement_version_id', 'agreement_version'],
  ['sharing_decision_key', 'recorded_by_organisation_id', 'organisation'],
] as const;

/**
 * The ledger's references are checked once per statement instead of once per row and column.
 * A foreign key fires a trigger for each of a decision's six references (seven with its client
 * key), each a lookup of its own: a third of PostgreSQL's work in recording a bulk batch, for the
 * same few organisations, user, agreements and versions over and over. They are replaced by a
 * statement trigger that reads the distinct ids of the rows just written (a transition table),
 * locks the rows they name FOR KEY SHARE, as a foreign key's check does, in one statement that
 * also compares what it found with what was named, and only when something is missing looks for
 * it, to fail with foreign_key_violation (23503) naming it. The other side of a foreign key, a
 * named row refusing to be deleted (or to change its id) while the ledger refers to it, is a row
 * trigger on each named table; it runs after the row's lock is taken, so it waits for, and then
 * sees, a recording that named the row meanwhile. The app never deletes these rows (organisations
 * and users are deactivated, agreements terminated); the triggers keep the database's word anyway.
 * The statement triggers fire for writes through sharing_decision and sharing_decision_key (the
 * app's only way in), not for a row written straight into a month's partition.
 */
export class LedgerReferenceChecks1796400000000 implements MigrationInterface {
  name = 'LedgerReferenceChecks1796400000000';

  async up(db: QueryRunner): Promise<void> {
    for (const [table, column] of REFERENCES) {
      const [constraint] = (await db.query(
        `SELECT conname FROM pg_constraint WHERE contype = 'f' AND conrelid = $1::regclass AND conkey = ARRAY[(SELECT attnum FROM pg_attribute WHERE attrelid = $1::regclass AND attname = $2)]::int2[]`,
        [table, column],
      )) as { conname: string }[];
      await db.query(`ALTER TABLE ${table} DROP CONSTRAINT "${constraint.conname}"`);
    }

    const targetsOf = (table: string) => [...new Set(REFERENCES.filter(([t]) => t === table).map(([, , target]) => target))];
    const columnsTo = (table: string, target: string) => REFERENCES.filter(([t, , g]) => t === table && g === target).map(([, column]) => column);
    // One statement in the usual case: per named table, the distinct ids needed and the rows found, locked in id order.
    const complete = (table: string) => {
      const ctes = targetsOf(table).flatMap((target) => [
        `need_${target} AS (${columnsTo(table, target).map((c) => `SELECT ${c} AS id FROM written WHERE ${c} IS NOT NULL`).join(' UNION ')})`,
        `got_${target} AS (SELECT t.id FROM ${target} t WHERE t.id IN (SELECT id FROM need_${target}) ORDER BY t.id FOR KEY SHARE)`,
      ]);
      const equal = targetsOf(table).map((target) => `(SELECT count(DISTINCT id) FROM need_${target}) = (SELECT count(*) FROM got_${target})`);
      return `WITH ${ctes.join(',\n               ')}\n          SELECT ${equal.join(' AND ')}`;
    };
    // Only when something is missing: which, to name it.
    const missing = (table: string) =>
      REFERENCES.filter(([t]) => t === table)
        .map(
          ([, column, target]) =>
            `SELECT '${target} ' || ids.id || ' (${column})' FROM (SELECT DISTINCT ${column} AS id FROM written WHERE ${column} IS NOT NULL) ids
             WHERE NOT EXISTS (SELECT 1 FROM ${target} t WHERE t.id = ids.id)`,
        )
        .join('\n             UNION ALL ');
    for (const table of ['sharing_decision', 'sharing_decision_key']) {
      await db.query(`
        CREATE FUNCTION ${table}_references_exist() RETURNS trigger LANGUAGE plpgsql AS $$
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
      for (const event of ['INSERT', 'UPDATE']) {
        await db.query(`
          CREATE TRIGGER ${table}_references_on_${event.toLowerCase()} AFTER ${event} ON ${table}
          REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION ${table}_references_exist()`);
      }
    }

    for (const target of ['organisation', 'app_user', 'agreement', 'agreement_version']) {
      const uses = REFERENCES.filter(([, , g]) => g === target)
        .map(([table, column]) => `EXISTS (SELECT 1 FROM ${table} WHERE ${column} = OLD.id)`)
        .join(' OR ');
      await db.query(`
        CREATE FUNCTION ${target}_kept_for_ledger() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'UPDATE' AND NEW.id = OLD.id THEN
            RETURN NEW;
          END IF;
          IF ${uses} THEN
            RAISE EXCEPTION '${target} % is named by recorded sharing decisions', OLD.id USING ERRCODE = 'foreign_key_violation';
          END IF;
          RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END
        $$`);
      await db.query(`CREATE TRIGGER ${target}_kept_for_ledger BEFORE DELETE OR UPDATE OF id ON ${target} FOR EACH ROW EXECUTE FUNCTION ${target}_kept_for_ledger()`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const target of ['organisation', 'app_user', 'agreement', 'agreement_version']) {
      await db.query(`DROP TRIGGER ${target}_kept_for_ledger ON ${target}`);
      await db.query(`DROP FUNCTION ${target}_kept_for_ledger()`);
    }
    for (const table of ['sharing_decision', 'sharing_decision_key']) {
      for (const event of ['insert', 'update']) await db.query(`DROP TRIGGER ${table}_references_on_${event} ON ${table}`);
      await db.query(`DROP FUNCTION ${table}_references_exist()`);
    }
    for (const [table, column, target] of REFERENCES) {
      await db.query(`ALTER TABLE ${table} ADD FOREIGN KEY (${column}) REFERENCES ${target} (id)`);
    }
  }
}
