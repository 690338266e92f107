import { MigrationInterface, QueryRunner } from 'typeorm';

// Issue 11: `?pendingFor=` and its count read a narrow (member, statement) table through its
// primary key (an index-only scan) instead of checking every wide statement row a GIN index
// names. Triggers keep it equal to statements.outstanding in the same transaction, whoever
// writes the row (the runtime, an import, a bulk copy). The board's order index gains the id
// it breaks ties on, and the overdue filter gets a partial index of open rounds.
export class OutstandingByMember1795346000000 implements MigrationInterface {
  name = 'OutstandingByMember1795346000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "statement_outstanding" (
         "member" character varying(8) NOT NULL,
         "statement_id" uuid NOT NULL,
         CONSTRAINT "PK_statement_outstanding" PRIMARY KEY ("member", "statement_id"),
         CONSTRAINT "FK_statement_outstanding_statement" FOREIGN KEY ("statement_id")
           REFERENCES "statements"("id") ON DELETE CASCADE)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_statement_outstanding_statement" ON "statement_outstanding" ("statement_id")`,
    );
    await queryRunner.query(`
      CREATE FUNCTION adref_sync_outstanding() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          DELETE FROM statement_outstanding
           WHERE statement_id = NEW.id AND NOT (member = ANY (NEW.outstanding));
          INSERT INTO statement_outstanding (member, statement_id)
            SELECT m, NEW.id FROM (SELECT unnest(NEW.outstanding) EXCEPT SELECT unnest(OLD.outstanding)) n(m)
            ON CONFLICT DO NOTHING;
        ELSE
          INSERT INTO statement_outstanding (member, statement_id)
            SELECT DISTINCT m, NEW.id FROM unnest(NEW.outstanding) m
            ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "statements_outstanding_insert" AFTER INSERT ON "statements"
         FOR EACH ROW WHEN (cardinality(NEW.outstanding) > 0) EXECUTE FUNCTION adref_sync_outstanding()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "statements_outstanding_update" AFTER UPDATE OF "outstanding" ON "statements"
         FOR EACH ROW WHEN (OLD.outstanding IS DISTINCT FROM NEW.outstanding)
         EXECUTE FUNCTION adref_sync_outstanding()`,
    );
    await queryRunner.query(
      `INSERT INTO "statement_outstanding" ("member", "statement_id")
         SELECT DISTINCT m, s."id" FROM "statements" s, unnest(s."outstanding") m`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_statements_outstanding"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_statements_board_order"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_statements_board_order" ON "statements" ("open_deadline" ASC NULLS LAST, "updated_at" DESC, "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_statements_open_deadline" ON "statements" ("open_deadline", "updated_at" DESC, "id")
         WHERE "state" = 'ad_referendum'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_statements_open_deadline"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_statements_board_order"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_statements_board_order" ON "statements" ("open_deadline" ASC NULLS LAST, "updated_at" DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_statements_outstanding" ON "statements" USING gin ("outstanding")`,
    );
    await queryRunner.query(`DROP TRIGGER "statements_outstanding_update" ON "statements"`);
    await queryRunner.query(`DROP TRIGGER "statements_outstanding_insert" ON "statements"`);
    await queryRunner.query(`DROP FUNCTION adref_sync_outstanding()`);
    await queryRunner.query(`DROP TABLE "statement_outstanding"`);
  }
}
