import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An incident names the data flow of its agreement it happened in (issue 21: "which agreement and
 * flow"). Flows live in the agreement's JSON content, so there is no foreign key: the incidents
 * service checks the flow is one of the agreement's.
 */
export class IncidentFlow1798100000000 implements MigrationInterface {
  name = 'IncidentFlow1798100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE incident ADD COLUMN flow_id uuid`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE incident DROP COLUMN flow_id`);
  }
}
