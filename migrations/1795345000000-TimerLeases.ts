import { MigrationInterface, QueryRunner } from 'typeorm';

// Issue 11: due timers are leased in batches (one UPDATE … SKIP LOCKED for hundreds) and fired
// one transaction each; the lease is what keeps other instances off them meanwhile.
export class TimerLeases1795345000000 implements MigrationInterface {
  name = 'TimerLeases1795345000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "timers" ADD "claimed_until" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "timers" DROP COLUMN "claimed_until"`);
  }
}
