import { MigrationInterface, QueryRunner } from 'typeorm';

// Rows that, once written, must never change: the audit chain, the positions, the text
// versions and the public keys that signed the chain.
const APPEND_ONLY_TABLES = ['audit_events', 'positions', 'text_versions', 'signing_keys'];

export class AppendOnlySignedHistory1795314130314 implements MigrationInterface {
  name = 'AppendOnlySignedHistory1795314130314';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "signing_keys" (
                "key_id" character varying(32) NOT NULL,
                "algorithm" character varying(16) NOT NULL,
                "public_key_pem" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_e02f744a41c3ffa8340aa850638" PRIMARY KEY ("key_id")
            )
        `);
    await queryRunner.query(`ALTER TABLE "audit_events" ADD "key_id" character varying(32)`);
    await queryRunner.query(`ALTER TABLE "audit_events" ADD "signature" text`);
    // NOT VALID: rows written before this release are signed once at start (SigningService);
    // every new row must arrive signed.
    await queryRunner.query(`
            ALTER TABLE "audit_events" ADD CONSTRAINT "CHK_audit_events_signed"
            CHECK ("key_id" IS NOT NULL AND "signature" IS NOT NULL) NOT VALID
        `);
    await queryRunner.query(`ALTER TABLE "statements" ADD "import_key" character varying(200)`);
    await queryRunner.query(`ALTER TABLE "statements" ADD "imported_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_d1b56ad0f90df793a28d3cd3f5" ON "statements" ("import_key")
        `);

    // A superseded position is no longer marked by an update: its successor names it.
    await queryRunner.query(`ALTER TABLE "positions" ADD "supersedes_id" uuid`);
    await queryRunner.query(`
            UPDATE "positions" p
               SET "supersedes_id" = chain.previous_id
              FROM (SELECT "id", LAG("id") OVER (PARTITION BY "round_id", "member_code"
                                                 ORDER BY "recorded_at", "superseded_at" NULLS LAST) AS previous_id
                      FROM "positions") chain
             WHERE chain."id" = p."id" AND chain.previous_id IS NOT NULL
        `);
    await queryRunner.query(`DROP INDEX "public"."IDX_cb2a4963537e28cc6fcdcbdf7d"`);
    await queryRunner.query(`ALTER TABLE "positions" DROP COLUMN "superseded_at"`);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_019c3858de86d62b59bc232f6c" ON "positions" ("supersedes_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_ce65209dad6fc4960e7b7bec38" ON "positions" ("round_id", "member_code")
            WHERE supersedes_id IS NULL
        `);

    // The one change allowed: signing an audit event written before adref signed its history.
    await queryRunner.query(`
            CREATE FUNCTION adref_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'audit_events' THEN
                IF (to_jsonb(OLD) ->> 'signature') IS NULL
                   AND (to_jsonb(NEW) - 'key_id' - 'signature') = (to_jsonb(OLD) - 'key_id' - 'signature') THEN
                  RETURN NEW;
                END IF;
              END IF;
              RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
                USING ERRCODE = 'integrity_constraint_violation';
            END
            $$
        `);
    for (const table of APPEND_ONLY_TABLES) {
      await queryRunner.query(`
            CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}"
            FOR EACH ROW EXECUTE FUNCTION adref_refuse_change()
        `);
      await queryRunner.query(`
            CREATE TRIGGER "${table}_no_truncate" BEFORE TRUNCATE ON "${table}"
            FOR EACH STATEMENT EXECUTE FUNCTION adref_refuse_change()
        `);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of APPEND_ONLY_TABLES) {
      await queryRunner.query(`DROP TRIGGER "${table}_no_truncate" ON "${table}"`);
      await queryRunner.query(`DROP TRIGGER "${table}_append_only" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION adref_refuse_change()`);

    await queryRunner.query(`DROP INDEX "public"."IDX_ce65209dad6fc4960e7b7bec38"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_019c3858de86d62b59bc232f6c"`);
    await queryRunner.query(`ALTER TABLE "positions" ADD "superseded_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`
            UPDATE "positions" p
               SET "superseded_at" = successor."recorded_at"
              FROM "positions" successor
             WHERE successor."supersedes_id" = p."id"
        `);
    await queryRunner.query(`ALTER TABLE "positions" DROP COLUMN "supersedes_id"`);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_cb2a4963537e28cc6fcdcbdf7d" ON "positions" ("round_id", "member_code")
            WHERE superseded_at IS NULL
        `);

    await queryRunner.query(`DROP INDEX "public"."IDX_d1b56ad0f90df793a28d3cd3f5"`);
    await queryRunner.query(`ALTER TABLE "statements" DROP COLUMN "imported_at"`);
    await queryRunner.query(`ALTER TABLE "statements" DROP COLUMN "import_key"`);
    await queryRunner.query(`ALTER TABLE "audit_events" DROP CONSTRAINT "CHK_audit_events_signed"`);
    await queryRunner.query(`ALTER TABLE "audit_events" DROP COLUMN "signature"`);
    await queryRunner.query(`ALTER TABLE "audit_events" DROP COLUMN "key_id"`);
    await queryRunner.query(`DROP TABLE "signing_keys"`);
  }
}
