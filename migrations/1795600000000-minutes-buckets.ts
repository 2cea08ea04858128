import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The time-to-decision histogram in at most about a hundred buckets per agreement, month and
 * organisation (it was one per minute up to an hour, then every 5 minutes up to a day: most of
 * the rollup table, and what a partnership's median read). `minutes_bucket` is the one
 * definition: the rollups write through it, and tests compare with the ledger through it.
 */
export class MinutesBuckets1795600000000 implements MigrationInterface {
  name = 'MinutesBuckets1795600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION minutes_bucket(minutes bigint) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN
        CASE
          WHEN minutes < 10 THEN minutes
          WHEN minutes < 60 THEN (minutes / 5) * 5
          WHEN minutes < 240 THEN (minutes / 15) * 15
          WHEN minutes < 1440 THEN (minutes / 60) * 60
          WHEN minutes < 10080 THEN (minutes / 360) * 360
          ELSE (minutes / 1440) * 1440
        END`);
    await rebuildHistogram(db, 'minutes_bucket(d.minutes)');
  }

  async down(db: QueryRunner): Promise<void> {
    await rebuildHistogram(db, 'CASE WHEN d.minutes <= 60 THEN d.minutes WHEN d.minutes <= 1440 THEN (d.minutes / 5) * 5 ELSE (d.minutes / 60) * 60 END');
    await db.query(`DROP FUNCTION minutes_bucket(bigint)`);
  }
}

/** Recounts the histogram rows from the ledger with the given bucket expression over `d.minutes`. */
async function rebuildHistogram(db: QueryRunner, bucket: string): Promise<void> {
  await db.query(`DELETE FROM decision_rollup WHERE dimension = 'minutesToDecision'`);
  await db.query(
    `INSERT INTO decision_rollup (agreement_key, month, dimension, value, organisation_id, decisions, records)
     SELECT coalesce(d.agreement_id, '00000000-0000-0000-0000-000000000000'::uuid), d.month, 'minutesToDecision', (${bucket})::text,
            d.disclosing_organisation_id, count(*), sum(d.record_count)
     FROM (SELECT *, date_trunc('month', decided_at AT TIME ZONE 'UTC')::date AS month,
                  floor(extract(epoch FROM decided_at - requested_at) / 60)::bigint AS minutes
           FROM sharing_decision) AS d
     GROUP BY 1, 2, 4, 5`,
  );
}
