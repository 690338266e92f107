import type { MigrationInterface, QueryRunner } from 'typeorm';
import reference from './data/accsm-reference.json';

interface ReferenceMember {
  code: string;
  nameEn: string;
  nameTh: string;
  aseanFrom?: string;
  aseanObserverFrom?: string;
}

const PLUS_THREE = ['CHN', 'JPN', 'KOR'];

const dayBefore = (isoDate: string): string => {
  const day = new Date(`${isoDate}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
};

/**
 * Seeds ACCSM and ACCSM+3 from the reference file of November 2026 (a frozen copy beside
 * this migration). Later corrections go through the admin API, not by editing this.
 */
export class SeedAccsmReference1795299300000 implements MigrationInterface {
  name = 'SeedAccsmReference1795299300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const members = reference.members as ReferenceMember[];
    for (const member of members) {
      await queryRunner.query(
        `INSERT INTO "members" ("code", "name_en", "name_th") VALUES ($1, $2, $3)`,
        [member.code, member.nameEn, member.nameTh],
      );
    }
    for (const framework of reference.frameworks) {
      await queryRunner.query(
        `INSERT INTO "frameworks" ("code", "name_en", "name_th") VALUES ($1, $2, $3)`,
        [framework.code, framework.nameEn, framework.nameTh],
      );
    }

    const insertMembership = (
      framework: string,
      member: string,
      status: 'member' | 'observer',
      from: string | null,
      to: string | null,
    ) =>
      queryRunner.query(
        `INSERT INTO "memberships" ("framework_code", "member_code", "status", "valid_from", "valid_to", "source")
         VALUES ($1, $2, $3, $4, $5, 'reference/accsm.json')`,
        [framework, member, status, from, to],
      );
    // ACCSM+3 is the ACCSM membership plus China, Japan and the Republic of Korea.
    for (const framework of ['ACCSM', 'ACCSM+3']) {
      for (const member of members) {
        if (member.aseanObserverFrom) {
          const until = member.aseanFrom ? dayBefore(member.aseanFrom) : null;
          await insertMembership(
            framework,
            member.code,
            'observer',
            member.aseanObserverFrom,
            until,
          );
        }
        if (member.aseanFrom) {
          await insertMembership(framework, member.code, 'member', member.aseanFrom, null);
        }
      }
    }
    for (const code of PLUS_THREE) {
      await insertMembership('ACCSM+3', code, 'member', null, null);
    }

    for (const term of reference.chairTerms) {
      const theme = 'theme' in term ? term.theme : null;
      const secretariat = 'secretariat' in term ? term.secretariat : null;
      // The ACCSM chair also chairs the ACCSM+3 cycle held with it.
      for (const framework of [term.framework, 'ACCSM+3']) {
        await queryRunner.query(
          `INSERT INTO "chair_terms" ("framework_code", "ordinal", "chair_code", "valid_from", "valid_to", "theme", "secretariat", "source")
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            framework,
            framework === term.framework ? term.ordinal : null,
            term.chair,
            term.from,
            term.to,
            theme ?? null,
            secretariat ?? null,
            framework === term.framework ? term.source : `as ACCSM chair; ${term.source}`,
          ],
        );
      }
    }

    for (const meeting of reference.meetings) {
      await queryRunner.query(
        `INSERT INTO "meetings" ("framework_code", "kind", "ordinal", "date_from", "date_to", "place", "source")
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          meeting.framework,
          meeting.kind,
          meeting.ordinal,
          meeting.from,
          meeting.to,
          meeting.place,
          meeting.source,
        ],
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "meetings"`);
    await queryRunner.query(`DELETE FROM "chair_terms"`);
    await queryRunner.query(`DELETE FROM "memberships"`);
    await queryRunner.query(`DELETE FROM "frameworks"`);
    await queryRunner.query(`DELETE FROM "members"`);
  }
}
