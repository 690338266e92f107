import { MigrationInterface, QueryRunner } from 'typeorm';

// Issue 11: the board filters on projected, indexed columns instead of scanning the snapshot
// JSON, and the audit chain's head sits on the statement row, so that a write reads no event.
export class BoardProjectionAndAuditHead1795340000000 implements MigrationInterface {
  name = 'BoardProjectionAndAuditHead1795340000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "statements" ADD "outstanding" character varying(8) array NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(`ALTER TABLE "statements" ADD "audit_seq" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "statements" ADD "audit_hash" character(64)`);
    // Electors of an open round with no answer or only "pending domestic clearance".
    await queryRunner.query(
      `UPDATE "statements" s SET "outstanding" = coalesce(
         (SELECT array_agg(m ORDER BY ordinality)
            FROM jsonb_array_elements_text(s."snapshot" #> '{context,round,electorate}')
                 WITH ORDINALITY AS e(m, ordinality)
           WHERE coalesce(s."snapshot" #>> ARRAY['context','round','positions', m, 'position'], 'none')
                 IN ('none', 'clearance_pending')), '{}')
        WHERE s."state" = 'ad_referendum'`,
    );
    await queryRunner.query(
      `UPDATE "statements" s SET "audit_seq" = a."seq", "audit_hash" = a."hash"
         FROM (SELECT DISTINCT ON ("statement_id") "statement_id", "seq", "hash"
                 FROM "audit_events" ORDER BY "statement_id", "seq" DESC) a
        WHERE a."statement_id" = s."id"`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_statements_outstanding" ON "statements" USING gin ("outstanding")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_statements_board_order" ON "statements" ("open_deadline" ASC NULLS LAST, "updated_at" DESC)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_statements_board_order"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_statements_outstanding"`);
    await queryRunner.query(`ALTER TABLE "statements" DROP COLUMN "audit_hash"`);
    await queryRunner.query(`ALTER TABLE "statements" DROP COLUMN "audit_seq"`);
    await queryRunner.query(`ALTER TABLE "statements" DROP COLUMN "outstanding"`);
  }
}
