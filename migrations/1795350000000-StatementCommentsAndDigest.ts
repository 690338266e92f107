import { MigrationInterface, QueryRunner } from 'typeorm';

// Issue 12, parts 1 and 4: comments bound to a text version (append-only, as the history they
// are recorded in), and the daily digest: a user's choice, and the emails held for it.
export class StatementCommentsAndDigest1795350000000 implements MigrationInterface {
  name = 'StatementCommentsAndDigest1795350000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "statement_comments" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "seq" BIGSERIAL NOT NULL,
                "statement_id" uuid NOT NULL,
                "version_number" integer NOT NULL,
                "version_hash" character(64) NOT NULL,
                "paragraph" integer,
                "reply_to_id" uuid,
                "text" text NOT NULL,
                "author_id" uuid NOT NULL,
                "author_label" text NOT NULL,
                "member_code" character varying(8),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_78b31b9d04064171f8f49d8cc71" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_ce2c872c40cf5e77fa7db2a690" ON "statement_comments" ("statement_id", "created_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "statement_comments" ADD CONSTRAINT "FK_bd29d361bb4716100a952768808"
            FOREIGN KEY ("statement_id") REFERENCES "statements"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "statement_comments" ADD CONSTRAINT "FK_1288ead661dfe3813ba958b7bac"
            FOREIGN KEY ("reply_to_id") REFERENCES "statement_comments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    // Written once, like the audit events that record them (adref_refuse_change: 1795314130314).
    await queryRunner.query(`
            CREATE TRIGGER "statement_comments_append_only" BEFORE UPDATE OR DELETE ON "statement_comments"
            FOR EACH ROW EXECUTE FUNCTION adref_refuse_change()
        `);
    await queryRunner.query(`
            CREATE TRIGGER "statement_comments_no_truncate" BEFORE TRUNCATE ON "statement_comments"
            FOR EACH STATEMENT EXECUTE FUNCTION adref_refuse_change()
        `);
    await queryRunner.query(
      `ALTER TABLE "principals" ADD "digest" character varying(8) NOT NULL DEFAULT 'none'`,
    );
    await queryRunner.query(`ALTER TABLE "deliveries" ADD "digest_message_id" uuid`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Held emails go out one by one again once there is no digest to wait for.
    await queryRunner.query(`UPDATE "deliveries" SET "status" = 'pending' WHERE "status" = 'held'`);
    await queryRunner.query(
      `UPDATE "deliveries" SET "status" = 'sent' WHERE "status" = 'digested'`,
    );
    await queryRunner.query(`ALTER TABLE "deliveries" DROP COLUMN "digest_message_id"`);
    await queryRunner.query(`ALTER TABLE "principals" DROP COLUMN "digest"`);
    await queryRunner.query(
      `DROP TRIGGER "statement_comments_no_truncate" ON "statement_comments"`,
    );
    await queryRunner.query(
      `DROP TRIGGER "statement_comments_append_only" ON "statement_comments"`,
    );
    await queryRunner.query(
      `ALTER TABLE "statement_comments" DROP CONSTRAINT "FK_1288ead661dfe3813ba958b7bac"`,
    );
    await queryRunner.query(
      `ALTER TABLE "statement_comments" DROP CONSTRAINT "FK_bd29d361bb4716100a952768808"`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_ce2c872c40cf5e77fa7db2a690"`);
    await queryRunner.query(`DROP TABLE "statement_comments"`);
  }
}
