import { MigrationInterface, QueryRunner } from 'typeorm';

// Emails go out in the order their events happened (issue 9): notifications get a sequence,
// numbered for the rows already there by when they were written, and emails an HTML part.
export class DeliveryOrderAndHtml1795326351534 implements MigrationInterface {
  name = 'DeliveryOrderAndHtml1795326351534';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox_messages" ADD "seq" BIGSERIAL NOT NULL`);
    await queryRunner.query(
      `UPDATE "outbox_messages" m SET "seq" = o.n
         FROM (SELECT "id", row_number() OVER (ORDER BY "created_at", "id") AS n
                 FROM "outbox_messages") o
        WHERE m."id" = o."id"`,
    );
    await queryRunner.query(
      `SELECT setval(pg_get_serial_sequence('outbox_messages', 'seq'),
                     (SELECT coalesce(max("seq"), 0) + 1 FROM "outbox_messages"), false)`,
    );
    await queryRunner.query(`ALTER TABLE "deliveries" ADD "html" text`);
    await queryRunner.query(
      `CREATE INDEX "IDX_ffc628910cb6e676e780600c5d" ON "deliveries" ("target", "status")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_ffc628910cb6e676e780600c5d"`);
    await queryRunner.query(`ALTER TABLE "deliveries" DROP COLUMN "html"`);
    await queryRunner.query(`ALTER TABLE "outbox_messages" DROP COLUMN "seq"`);
  }
}
