import { MigrationInterface, QueryRunner } from 'typeorm';

// ACCSM+3 follows the ACCSM chair (DESIGN.md §6): a framework may declare whose chair it
// follows. The ACCSM+3 terms that the seed copied from ACCSM are deleted: they duplicated
// ACCSM's, were never corrected with it (the bug of issue 9) and would no longer be read.
// ACCSM+3 rows entered by hand are kept as history; they are not consulted any more.
export class FrameworkChairFollows1795326107096 implements MigrationInterface {
  name = 'FrameworkChairFollows1795326107096';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "frameworks" ADD "chair_follows" character varying(16)`);
    await queryRunner.query(
      `ALTER TABLE "frameworks" ADD CONSTRAINT "FK_e43ad9afa337481a7b3b4891225" FOREIGN KEY ("chair_follows") REFERENCES "frameworks"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `UPDATE "frameworks" SET "chair_follows" = 'ACCSM' WHERE "code" = 'ACCSM+3' AND EXISTS (SELECT 1 FROM "frameworks" WHERE "code" = 'ACCSM')`,
    );
    await queryRunner.query(
      `DELETE FROM "chair_terms" WHERE "framework_code" = 'ACCSM+3' AND "source" LIKE 'as ACCSM chair;%'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Gives ACCSM+3 its own copies of the ACCSM terms again, as the seed made them.
    await queryRunner.query(
      `INSERT INTO "chair_terms" ("framework_code", "ordinal", "chair_code", "valid_from", "valid_to", "theme", "secretariat", "source")
       SELECT 'ACCSM+3', NULL, "chair_code", "valid_from", "valid_to", "theme", "secretariat", 'as ACCSM chair; ' || coalesce("source", '')
         FROM "chair_terms" WHERE "framework_code" = 'ACCSM'
          AND EXISTS (SELECT 1 FROM "frameworks" WHERE "code" = 'ACCSM+3' AND "chair_follows" = 'ACCSM')`,
    );
    await queryRunner.query(
      `ALTER TABLE "frameworks" DROP CONSTRAINT "FK_e43ad9afa337481a7b3b4891225"`,
    );
    await queryRunner.query(`ALTER TABLE "frameworks" DROP COLUMN "chair_follows"`);
  }
}
