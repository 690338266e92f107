import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795299269358 implements MigrationInterface {
  name = 'Initial1795299269358';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "principals" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" text NOT NULL,
                "email" text NOT NULL,
                "role" character varying(32) NOT NULL,
                "member_code" character varying(8),
                "token_hash" character(64) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_9b9b3e48d096ff3490399036649" UNIQUE ("token_hash"),
                CONSTRAINT "PK_58c7b420eb803e39d754963719c" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "members" (
                "code" character varying(8) NOT NULL,
                "name_en" text NOT NULL,
                "name_th" text NOT NULL,
                CONSTRAINT "PK_8b08a36b59b238402b8c38d1f6f" PRIMARY KEY ("code")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "frameworks" (
                "code" character varying(16) NOT NULL,
                "name_en" text NOT NULL,
                "name_th" text NOT NULL,
                CONSTRAINT "PK_f15481d9c9c9e7136883fe96cd3" PRIMARY KEY ("code")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "memberships" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "framework_code" character varying(16) NOT NULL,
                "member_code" character varying(8) NOT NULL,
                "status" character varying(16) NOT NULL,
                "valid_from" date,
                "valid_to" date,
                "source" text,
                CONSTRAINT "PK_25d28bd932097a9e90495ede7b4" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_6e12519b4821a663ce519edc0f" ON "memberships" ("framework_code", "member_code")
        `);
    await queryRunner.query(`
            CREATE TABLE "chair_terms" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "framework_code" character varying(16) NOT NULL,
                "ordinal" integer,
                "chair_code" character varying(8) NOT NULL,
                "valid_from" date NOT NULL,
                "valid_to" date,
                "theme" text,
                "secretariat" text,
                "source" text,
                CONSTRAINT "PK_b050f04ea8b7c4adf78f6f48cf3" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_6ba831b1fcd9c5c748b6cdfb05" ON "chair_terms" ("framework_code", "valid_from")
        `);
    await queryRunner.query(`
            CREATE TABLE "meetings" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "framework_code" character varying(16) NOT NULL,
                "kind" character varying(8) NOT NULL,
                "ordinal" integer,
                "date_from" date NOT NULL,
                "date_to" date NOT NULL,
                "place" text,
                "source" text,
                CONSTRAINT "PK_aa73be861afa77eb4ed31f3ed57" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_54bede6cf5ca158f66c4206a99" ON "meetings" ("framework_code", "date_from")
        `);
    await queryRunner.query(`
            CREATE TABLE "statements" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "framework_code" character varying(16) NOT NULL,
                "title" text NOT NULL,
                "title_th" text,
                "state" character varying(32) NOT NULL,
                "round_state" character varying(32),
                "machine_version" integer NOT NULL,
                "snapshot" jsonb NOT NULL,
                "lock_version" integer NOT NULL,
                "current_version" integer NOT NULL,
                "current_hash" character(64) NOT NULL,
                "open_deadline" TIMESTAMP WITH TIME ZONE,
                "created_by" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_7f53bcddeb706df7ea7eec10b8d" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_ef703692632db687b71e9bd9c8" ON "statements" ("framework_code")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_22470ad6686730786a8e955ca4" ON "statements" ("state")
        `);
    await queryRunner.query(`
            CREATE TABLE "rounds" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "statement_id" uuid NOT NULL,
                "number" integer NOT NULL,
                "version_number" integer NOT NULL,
                "version_hash" character(64) NOT NULL,
                "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "deadline" TIMESTAMP WITH TIME ZONE NOT NULL,
                "silence_rule" character varying(32) NOT NULL,
                "electorate" jsonb NOT NULL,
                "closed_at" TIMESTAMP WITH TIME ZONE,
                "outcome" character varying(32),
                CONSTRAINT "PK_9d254884a20817016e2f877c7e7" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_4fe2992eb400bc2c63de1f9394" ON "rounds" ("statement_id", "number")
        `);
    await queryRunner.query(`
            CREATE TABLE "positions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "statement_id" uuid NOT NULL,
                "round_id" uuid NOT NULL,
                "member_code" character varying(8) NOT NULL,
                "position" character varying(32) NOT NULL,
                "version_hash" character(64) NOT NULL,
                "text" text,
                "reference" text,
                "on_behalf" boolean NOT NULL,
                "recorded_by" uuid NOT NULL,
                "taken_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "superseded_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_17e4e62ccd5749b289ae3fae6f3" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_c1bf709753f9a8db11d7f33a41" ON "positions" ("statement_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_cb2a4963537e28cc6fcdcbdf7d" ON "positions" ("round_id", "member_code")
            WHERE superseded_at IS NULL
        `);
    await queryRunner.query(`
            CREATE TABLE "text_versions" (
                "statement_id" uuid NOT NULL,
                "number" integer NOT NULL,
                "body" text NOT NULL,
                "hash" character(64) NOT NULL,
                "note" text,
                "created_by" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_37ca31fbce351996ade38e6e3c5" PRIMARY KEY ("statement_id", "number")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "audit_events" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "statement_id" uuid NOT NULL,
                "seq" integer NOT NULL,
                "type" character varying(40) NOT NULL,
                "actor_id" uuid,
                "actor_label" text NOT NULL,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "text_hash" character(64) NOT NULL,
                "state_from" character varying(64),
                "state_to" character varying(64) NOT NULL,
                "payload" jsonb NOT NULL,
                "prev_hash" character(64),
                "hash" character(64) NOT NULL,
                CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_769d3b67a13463197854bbd3cf" ON "audit_events" ("statement_id", "seq")
        `);
    await queryRunner.query(`
            CREATE TABLE "idempotency_keys" (
                "principal_id" uuid NOT NULL,
                "key" character varying(200) NOT NULL,
                "request_hash" character(64) NOT NULL,
                "status_code" integer NOT NULL,
                "response" jsonb NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_3df5494b04add5b16d8608a3876" PRIMARY KEY ("principal_id", "key")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "outbox_messages" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "statement_id" uuid,
                "kind" character varying(40) NOT NULL,
                "payload" jsonb NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "delivered_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_0171348f527c64b137e4d4f5b66" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_458bce8f2f1c1d0464c4d37b0d" ON "outbox_messages" ("delivered_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "memberships"
            ADD CONSTRAINT "FK_e82345aa9302684829a40ad2123" FOREIGN KEY ("framework_code") REFERENCES "frameworks"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "memberships"
            ADD CONSTRAINT "FK_2c441f2587ba2b5b5beece5092d" FOREIGN KEY ("member_code") REFERENCES "members"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "chair_terms"
            ADD CONSTRAINT "FK_430f6499f3d3b4d399dcf81c29b" FOREIGN KEY ("framework_code") REFERENCES "frameworks"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "chair_terms"
            ADD CONSTRAINT "FK_3fb67d7fb282efb82ad78bae23d" FOREIGN KEY ("chair_code") REFERENCES "members"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "meetings"
            ADD CONSTRAINT "FK_d6e84237e9383ace4fbe0517b37" FOREIGN KEY ("framework_code") REFERENCES "frameworks"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "statements"
            ADD CONSTRAINT "FK_ef703692632db687b71e9bd9c81" FOREIGN KEY ("framework_code") REFERENCES "frameworks"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "rounds"
            ADD CONSTRAINT "FK_c6cc0c6b82550485ffbe3ec2148" FOREIGN KEY ("statement_id") REFERENCES "statements"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "positions"
            ADD CONSTRAINT "FK_1b34c17f19bee7132220b3a5bf9" FOREIGN KEY ("round_id") REFERENCES "rounds"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "text_versions"
            ADD CONSTRAINT "FK_833eb18ee0e8daa3c893a168031" FOREIGN KEY ("statement_id") REFERENCES "statements"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "audit_events"
            ADD CONSTRAINT "FK_6c1957227b18d08da8599b04f27" FOREIGN KEY ("statement_id") REFERENCES "statements"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "audit_events" DROP CONSTRAINT "FK_6c1957227b18d08da8599b04f27"
        `);
    await queryRunner.query(`
            ALTER TABLE "text_versions" DROP CONSTRAINT "FK_833eb18ee0e8daa3c893a168031"
        `);
    await queryRunner.query(`
            ALTER TABLE "positions" DROP CONSTRAINT "FK_1b34c17f19bee7132220b3a5bf9"
        `);
    await queryRunner.query(`
            ALTER TABLE "rounds" DROP CONSTRAINT "FK_c6cc0c6b82550485ffbe3ec2148"
        `);
    await queryRunner.query(`
            ALTER TABLE "statements" DROP CONSTRAINT "FK_ef703692632db687b71e9bd9c81"
        `);
    await queryRunner.query(`
            ALTER TABLE "meetings" DROP CONSTRAINT "FK_d6e84237e9383ace4fbe0517b37"
        `);
    await queryRunner.query(`
            ALTER TABLE "chair_terms" DROP CONSTRAINT "FK_3fb67d7fb282efb82ad78bae23d"
        `);
    await queryRunner.query(`
            ALTER TABLE "chair_terms" DROP CONSTRAINT "FK_430f6499f3d3b4d399dcf81c29b"
        `);
    await queryRunner.query(`
            ALTER TABLE "memberships" DROP CONSTRAINT "FK_2c441f2587ba2b5b5beece5092d"
        `);
    await queryRunner.query(`
            ALTER TABLE "memberships" DROP CONSTRAINT "FK_e82345aa9302684829a40ad2123"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_458bce8f2f1c1d0464c4d37b0d"
        `);
    await queryRunner.query(`
            DROP TABLE "outbox_messages"
        `);
    await queryRunner.query(`
            DROP TABLE "idempotency_keys"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_769d3b67a13463197854bbd3cf"
        `);
    await queryRunner.query(`
            DROP TABLE "audit_events"
        `);
    await queryRunner.query(`
            DROP TABLE "text_versions"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_cb2a4963537e28cc6fcdcbdf7d"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_c1bf709753f9a8db11d7f33a41"
        `);
    await queryRunner.query(`
            DROP TABLE "positions"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_4fe2992eb400bc2c63de1f9394"
        `);
    await queryRunner.query(`
            DROP TABLE "rounds"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_22470ad6686730786a8e955ca4"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_ef703692632db687b71e9bd9c8"
        `);
    await queryRunner.query(`
            DROP TABLE "statements"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_54bede6cf5ca158f66c4206a99"
        `);
    await queryRunner.query(`
            DROP TABLE "meetings"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_6ba831b1fcd9c5c748b6cdfb05"
        `);
    await queryRunner.query(`
            DROP TABLE "chair_terms"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_6e12519b4821a663ce519edc0f"
        `);
    await queryRunner.query(`
            DROP TABLE "memberships"
        `);
    await queryRunner.query(`
            DROP TABLE "frameworks"
        `);
    await queryRunner.query(`
            DROP TABLE "members"
        `);
    await queryRunner.query(`
            DROP TABLE "principals"
        `);
  }
}
