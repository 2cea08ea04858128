import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who declined a version, in words, and the role they declined in (issue 21: the decline notice
 * says who declined, in which role, and when). The name is kept as signatures keep the signer's:
 * as it was when they answered. Versions declined before this have neither.
 */
export class DeclineSigner1798300000000 implements MigrationInterface {
  name = 'DeclineSigner1798300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE agreement_version ADD COLUMN declined_by_name text, ADD COLUMN declined_as text`);
    await db.query(`ALTER TABLE agreement_version ADD CONSTRAINT agreement_version_declined_as_check CHECK (declined_as IN ('CALDICOTT_GUARDIAN', 'SIRO', 'SIGNATORY'))`);
    await db.query(`
      UPDATE agreement_version v SET declined_by_name = u.full_name
      FROM app_user u WHERE u.id = v.declined_by_user_id AND v.declined_by_name IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE agreement_version DROP CONSTRAINT agreement_version_declined_as_check`);
    await db.query(`ALTER TABLE agreement_version DROP COLUMN declined_as, DROP COLUMN declined_by_name`);
  }
}
