import { MigrationInterface, QueryRunner } from 'typeorm';

// Issue 12, part 2: members' text proposals on a paragraph, and each version's map of how the
// previous version's paragraph numbers carry over (null on versions stored before: adref
// computes those from the two texts when asked).
export class TextProposals1795351000000 implements MigrationInterface {
  name = 'TextProposals1795351000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "text_proposals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "statement_id" uuid NOT NULL, "member_code" character varying(8) NOT NULL, "paragraph" integer NOT NULL, "version_number" integer NOT NULL, "version_hash" character(64) NOT NULL, "text" text NOT NULL, "rationale" text, "proposed_by" uuid NOT NULL, "on_behalf" boolean NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "state" character varying(16) NOT NULL DEFAULT 'open', "decided_in_version" integer, "decided_at" TIMESTAMP WITH TIME ZONE, "decided_by" uuid, "reason" text, CONSTRAINT "PK_eb3d6da1dfc49450d330104b54d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_9ec77cf8cee1d9301753b9f968" ON "text_proposals" ("statement_id", "created_at")`,
    );
    await queryRunner.query(`ALTER TABLE "text_versions" ADD "paragraph_map" jsonb`);
    await queryRunner.query(
      `ALTER TABLE "text_proposals" ADD CONSTRAINT "FK_abb52d430278bc5d4c6725aad20" FOREIGN KEY ("statement_id") REFERENCES "statements"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "text_proposals" DROP CONSTRAINT "FK_abb52d430278bc5d4c6725aad20"`,
    );
    await queryRunner.query(`ALTER TABLE "text_versions" DROP COLUMN "paragraph_map"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9ec77cf8cee1d9301753b9f968"`);
    await queryRunner.query(`DROP TABLE "text_proposals"`);
  }
}
