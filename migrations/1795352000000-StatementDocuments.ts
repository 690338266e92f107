import { MigrationInterface, QueryRunner } from 'typeorm';

// Documents attached to statements (notes verbales, annexes, drafts), stored as bytea so that
// PostgreSQL and PGlite keep them alike; append-only like the history that records them.
export class StatementDocuments1795352000000 implements MigrationInterface {
  name = 'StatementDocuments1795352000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "documents" (
                "id" uuid NOT NULL,
                "statement_id" uuid NOT NULL,
                "kind" character varying(16) NOT NULL,
                "filename" text NOT NULL,
                "content_type" character varying(128) NOT NULL,
                "size" integer NOT NULL,
                "sha256" character(64) NOT NULL,
                "content" bytea NOT NULL,
                "position_id" uuid,
                "proposal_id" uuid,
                "member_code" character varying(8),
                "uploaded_by" uuid NOT NULL,
                "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_ac51aa5181ee2036f5ca482857c" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_fdc9727f6669eb1768b8d8b5b4" ON "documents" ("statement_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "documents" ADD CONSTRAINT "FK_fdc9727f6669eb1768b8d8b5b49"
            FOREIGN KEY ("statement_id") REFERENCES "statements"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "documents" ADD CONSTRAINT "FK_ee3929465a60cee88187ccfd418"
            FOREIGN KEY ("position_id") REFERENCES "positions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "documents" ADD CONSTRAINT "FK_a9b5675ba0359aa6d37c8c9e95b"
            FOREIGN KEY ("proposal_id") REFERENCES "text_proposals"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    // The same refusal as the audit chain's (migration 1795314130314): no update, delete or truncate.
    await queryRunner.query(`
            CREATE TRIGGER "documents_append_only" BEFORE UPDATE OR DELETE ON "documents"
            FOR EACH ROW EXECUTE FUNCTION adref_refuse_change()
        `);
    await queryRunner.query(`
            CREATE TRIGGER "documents_no_truncate" BEFORE TRUNCATE ON "documents"
            FOR EACH STATEMENT EXECUTE FUNCTION adref_refuse_change()
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "documents_no_truncate" ON "documents"`);
    await queryRunner.query(`DROP TRIGGER "documents_append_only" ON "documents"`);
    await queryRunner.query(
      `ALTER TABLE "documents" DROP CONSTRAINT "FK_a9b5675ba0359aa6d37c8c9e95b"`,
    );
    await queryRunner.query(
      `ALTER TABLE "documents" DROP CONSTRAINT "FK_ee3929465a60cee88187ccfd418"`,
    );
    await queryRunner.query(
      `ALTER TABLE "documents" DROP CONSTRAINT "FK_fdc9727f6669eb1768b8d8b5b49"`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_fdc9727f6669eb1768b8d8b5b4"`);
    await queryRunner.query(`DROP TABLE "documents"`);
  }
}
