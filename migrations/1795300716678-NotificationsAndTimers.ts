import { MigrationInterface, QueryRunner } from 'typeorm';

const MEMBER_TIME_ZONES: Record<string, string> = {
  BRN: 'Asia/Brunei',
  KHM: 'Asia/Phnom_Penh',
  IDN: 'Asia/Jakarta',
  LAO: 'Asia/Vientiane',
  MYS: 'Asia/Kuala_Lumpur',
  MMR: 'Asia/Yangon',
  PHL: 'Asia/Manila',
  SGP: 'Asia/Singapore',
  THA: 'Asia/Bangkok',
  TLS: 'Asia/Dili',
  VNM: 'Asia/Ho_Chi_Minh',
  CHN: 'Asia/Shanghai',
  JPN: 'Asia/Tokyo',
  KOR: 'Asia/Seoul',
};

export class NotificationsAndTimers1795300716678 implements MigrationInterface {
  name = 'NotificationsAndTimers1795300716678';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_458bce8f2f1c1d0464c4d37b0d"
        `);
    await queryRunner.query(`
            ALTER TABLE "outbox_messages"
                RENAME COLUMN "delivered_at" TO "expanded_at"
        `);
    await queryRunner.query(`
            CREATE TABLE "webhook_subscriptions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "member_code" character varying(8),
                "principal_id" uuid,
                "url" text NOT NULL,
                "secret" text NOT NULL,
                "active" boolean NOT NULL DEFAULT true,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_bf631ae77d39849d599817fb6f4" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "deliveries" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "message_id" uuid NOT NULL,
                "channel" character varying(16) NOT NULL,
                "target" text NOT NULL,
                "principal_id" uuid,
                "subscription_id" uuid,
                "member_code" character varying(8),
                "language" character varying(8) NOT NULL,
                "subject" text NOT NULL,
                "body" text NOT NULL,
                "status" character varying(16) NOT NULL,
                "attempts" integer NOT NULL DEFAULT '0',
                "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "locked_until" TIMESTAMP WITH TIME ZONE,
                "last_error" text,
                "sent_at" TIMESTAMP WITH TIME ZONE,
                "dead_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_a6ef225c5c5f0974e503bfb731f" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_19ad1003a453736973ea6c728e" ON "deliveries" ("message_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_98ca3777607d899a236c26d621" ON "deliveries" ("status", "next_attempt_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "delivery_attempts" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "delivery_id" uuid NOT NULL,
                "attempted_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "ok" boolean NOT NULL,
                "response_status" integer,
                "error" text,
                CONSTRAINT "PK_41eba4eb5401d72860f7cd9a7ac" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_a9d7e7212c87084249a641ab45" ON "delivery_attempts" ("delivery_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "timers" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "statement_id" uuid NOT NULL,
                "round_number" integer NOT NULL,
                "kind" character varying(16) NOT NULL,
                "offset" character varying(32),
                "due_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "status" character varying(16) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "settled_at" TIMESTAMP WITH TIME ZONE,
                "note" text,
                CONSTRAINT "PK_d13ea0d2fe75274ca5a9576aae6" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_6cdd9db267cc5e7438a9681b39" ON "timers" ("statement_id", "round_number")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_55a088d22a2d307540ac1f2972" ON "timers" ("status", "due_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "principals"
            ADD "language" character varying(8) NOT NULL DEFAULT 'en'
        `);
    await queryRunner.query(`
            ALTER TABLE "members"
            ADD "time_zone" character varying(64) NOT NULL DEFAULT 'Asia/Jakarta'
        `);
    await queryRunner.query(`
            ALTER TABLE "rounds"
            ADD "reminder_offsets" jsonb NOT NULL DEFAULT '[]'
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_f747104292f371433d507f1d8e" ON "outbox_messages" ("expanded_at")
        `);
    // Notifications written before delivery existed are history, not a backlog to send.
    await queryRunner.query(`UPDATE "outbox_messages" SET "expanded_at" = "created_at"`);
    // Deadlines are shown to each member's people in the time zone of its capital.
    for (const [code, timeZone] of Object.entries(MEMBER_TIME_ZONES)) {
      await queryRunner.query(`UPDATE "members" SET "time_zone" = $1 WHERE "code" = $2`, [
        timeZone,
        code,
      ]);
    }
    await queryRunner.query(`
            ALTER TABLE "deliveries"
            ADD CONSTRAINT "FK_19ad1003a453736973ea6c728e7" FOREIGN KEY ("message_id") REFERENCES "outbox_messages"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "delivery_attempts"
            ADD CONSTRAINT "FK_a9d7e7212c87084249a641ab455" FOREIGN KEY ("delivery_id") REFERENCES "deliveries"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "timers"
            ADD CONSTRAINT "FK_52829d2f598ad0ec6f31dee1da2" FOREIGN KEY ("statement_id") REFERENCES "statements"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "timers" DROP CONSTRAINT "FK_52829d2f598ad0ec6f31dee1da2"
        `);
    await queryRunner.query(`
            ALTER TABLE "delivery_attempts" DROP CONSTRAINT "FK_a9d7e7212c87084249a641ab455"
        `);
    await queryRunner.query(`
            ALTER TABLE "deliveries" DROP CONSTRAINT "FK_19ad1003a453736973ea6c728e7"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_f747104292f371433d507f1d8e"
        `);
    await queryRunner.query(`
            ALTER TABLE "rounds" DROP COLUMN "reminder_offsets"
        `);
    await queryRunner.query(`
            ALTER TABLE "members" DROP COLUMN "time_zone"
        `);
    await queryRunner.query(`
            ALTER TABLE "principals" DROP COLUMN "language"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_55a088d22a2d307540ac1f2972"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_6cdd9db267cc5e7438a9681b39"
        `);
    await queryRunner.query(`
            DROP TABLE "timers"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_a9d7e7212c87084249a641ab45"
        `);
    await queryRunner.query(`
            DROP TABLE "delivery_attempts"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_98ca3777607d899a236c26d621"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_19ad1003a453736973ea6c728e"
        `);
    await queryRunner.query(`
            DROP TABLE "deliveries"
        `);
    await queryRunner.query(`
            DROP TABLE "webhook_subscriptions"
        `);
    await queryRunner.query(`
            ALTER TABLE "outbox_messages"
                RENAME COLUMN "expanded_at" TO "delivered_at"
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_458bce8f2f1c1d0464c4d37b0d" ON "outbox_messages" USING btree ("delivered_at")
        `);
  }
}
