import { MigrationInterface, QueryRunner } from 'typeorm';

// Accounts that can be revoked: tokens, browser sessions and sign-in links of their own, every
// change to an account recorded, and calendar feeds with secrets that read one feed only.
export class Accounts1795316205191 implements MigrationInterface {
  name = 'Accounts1795316205191';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "api_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "principal_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "purpose" character varying(16) NOT NULL DEFAULT 'api', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_bbd687a104e1921e6702c6e3aad" UNIQUE ("token_hash"), CONSTRAINT "PK_c587455266b5fa8dace7194caac" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_22bd785eb79017126832c27c79" ON "api_tokens"  ("principal_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "principal_id" uuid NOT NULL, "secret_hash" character(64) NOT NULL, "csrf_hash" character(64) NOT NULL, "via" character varying(16) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_c87374a0f3680f755b9f56e5d66" UNIQUE ("secret_hash"), CONSTRAINT "PK_3238ef96f18b355b671619111bc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_c8a390713942d5ea3287cc008c" ON "sessions"  ("principal_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "sign_in_links" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "principal_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_7e056095bb858289789025d055c" UNIQUE ("token_hash"), CONSTRAINT "PK_2097ee1b62272fac6526b35398e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_bc39963437eca957a2340d117d" ON "sign_in_links"  ("principal_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "account_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "principal_id" uuid NOT NULL, "actor_id" uuid, "actor_label" text NOT NULL, "type" character varying(40) NOT NULL, "details" jsonb NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_096b79d6426e443a0f0b096e7cf" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_e9299e030075cac690318ecb32" ON "account_events"  ("principal_id", "at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "calendar_feeds" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_code" character varying(8) NOT NULL, "secret_hash" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_fe5265ddadc2b7116dc2073263b" UNIQUE ("secret_hash"), CONSTRAINT "PK_045067d8bb57f971f3c5426ea71" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_c555c5838ad22905a3aa2bea81" ON "calendar_feeds"  ("member_code") `,
    );
    // The tokens people hold keep working, now expiring after the default ADREF_TOKEN_TTL.
    await queryRunner.query(`INSERT INTO "api_tokens" ("principal_id", "token_hash", "purpose", "created_at", "expires_at")
            SELECT "id", "token_hash", 'api', "created_at", now() + interval '90 days' FROM "principals"`);
    // Emails become unique and lower-case; duplicates get +2, +3 ... before the @.
    await queryRunner.query(`UPDATE "principals" SET "email" = lower("email")`);
    await queryRunner.query(`UPDATE "principals" p SET "email" = regexp_replace(p."email", '@', '+' || d.n || '@')
            FROM (SELECT "id", row_number() OVER (PARTITION BY "email" ORDER BY "created_at", "id") AS n FROM "principals") d
            WHERE d."id" = p."id" AND d.n > 1`);
    await queryRunner.query(
      `ALTER TABLE "principals" DROP CONSTRAINT "UQ_9b9b3e48d096ff3490399036649"`,
    );
    await queryRunner.query(`ALTER TABLE "principals" DROP COLUMN "token_hash"`);
    await queryRunner.query(`ALTER TABLE "principals" ADD "active" boolean NOT NULL DEFAULT true`);
    await queryRunner.query(`ALTER TABLE "principals" ADD "updated_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "principals" ADD CONSTRAINT "UQ_5ab6673e4901dd09ea09e619b95" UNIQUE ("email")`,
    );
    await queryRunner.query(
      `ALTER TABLE "api_tokens" ADD CONSTRAINT "FK_22bd785eb79017126832c27c79e" FOREIGN KEY ("principal_id") REFERENCES "principals"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sessions" ADD CONSTRAINT "FK_c8a390713942d5ea3287cc008cc" FOREIGN KEY ("principal_id") REFERENCES "principals"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sign_in_links" ADD CONSTRAINT "FK_bc39963437eca957a2340d117db" FOREIGN KEY ("principal_id") REFERENCES "principals"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // Account history is append-only, like the statements' audit (adref_refuse_change).
    await queryRunner.query(
      `CREATE TRIGGER "account_events_append_only" BEFORE UPDATE OR DELETE ON "account_events" FOR EACH ROW EXECUTE FUNCTION adref_refuse_change()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "account_events_no_truncate" BEFORE TRUNCATE ON "account_events" FOR EACH STATEMENT EXECUTE FUNCTION adref_refuse_change()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "account_events_no_truncate" ON "account_events"`);
    await queryRunner.query(`DROP TRIGGER "account_events_append_only" ON "account_events"`);
    await queryRunner.query(
      `ALTER TABLE "sign_in_links" DROP CONSTRAINT "FK_bc39963437eca957a2340d117db"`,
    );
    await queryRunner.query(
      `ALTER TABLE "sessions" DROP CONSTRAINT "FK_c8a390713942d5ea3287cc008cc"`,
    );
    await queryRunner.query(
      `ALTER TABLE "api_tokens" DROP CONSTRAINT "FK_22bd785eb79017126832c27c79e"`,
    );
    await queryRunner.query(
      `ALTER TABLE "principals" DROP CONSTRAINT "UQ_5ab6673e4901dd09ea09e619b95"`,
    );
    await queryRunner.query(`ALTER TABLE "principals" DROP COLUMN "updated_at"`);
    await queryRunner.query(`ALTER TABLE "principals" DROP COLUMN "active"`);
    await queryRunner.query(`ALTER TABLE "principals" ADD "token_hash" character(64)`);
    // Each principal keeps its newest live token; one without gets a random hash nobody holds.
    await queryRunner.query(`UPDATE "principals" p SET "token_hash" = COALESCE(
            (SELECT t."token_hash" FROM "api_tokens" t WHERE t."principal_id" = p."id" AND t."revoked_at" IS NULL
              ORDER BY t."created_at" DESC LIMIT 1),
            encode(sha256(gen_random_uuid()::text::bytea), 'hex'))`);
    await queryRunner.query(`ALTER TABLE "principals" ALTER COLUMN "token_hash" SET NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "principals" ADD CONSTRAINT "UQ_9b9b3e48d096ff3490399036649" UNIQUE ("token_hash")`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_c555c5838ad22905a3aa2bea81"`);
    await queryRunner.query(`DROP TABLE "calendar_feeds"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e9299e030075cac690318ecb32"`);
    await queryRunner.query(`DROP TABLE "account_events"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bc39963437eca957a2340d117d"`);
    await queryRunner.query(`DROP TABLE "sign_in_links"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c8a390713942d5ea3287cc008c"`);
    await queryRunner.query(`DROP TABLE "sessions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_22bd785eb79017126832c27c79"`);
    await queryRunner.query(`DROP TABLE "api_tokens"`);
  }
}
