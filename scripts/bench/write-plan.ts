// Which position each write records: every write is a valid, new position in an open round,
// and no round ever settles, so the engine keeps taking them however many arrive.
import type { OpenStatement } from './seed';

export type WriteKind = 'endorse' | 'clearance_pending';

export interface PositionWrite {
  statementId: string;
  member: string;
  position: WriteKind;
  versionHash: string;
  /** A marker that makes each write its own, also when the position repeats. */
  text: string;
}

/**
 * Round robin over statements, then electors, so that concurrent writes mostly go to different
 * statements. Each member alternates "pending clearance" and "endorse"; one elector per statement
 * (its holdout) only ever answers "pending clearance", so consensus, which needs every elector's
 * endorsement, is never reached and the round stays collecting.
 */
export class WritePlan {
  private next = 0;
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly statements: OpenStatement[],
    private readonly electorate: string[],
    private readonly label: string,
  ) {
    if (statements.length === 0 || electorate.length < 2) {
      throw new Error('the writes need statements and at least two electors');
    }
  }

  take(): PositionWrite {
    const i = this.next++;
    const s = i % this.statements.length;
    const statement = this.statements[s];
    const member = this.electorate[Math.floor(i / this.statements.length) % this.electorate.length];
    const holdout = this.electorate[s % this.electorate.length];
    const key = `${statement.id}/${member}`;
    const count = this.counts.get(key) ?? 0;
    this.counts.set(key, count + 1);
    const position: WriteKind =
      member !== holdout && count % 2 === 1 ? 'endorse' : 'clearance_pending';
    return {
      statementId: statement.id,
      member,
      position,
      versionHash: statement.versionHash,
      text: `${this.label} write ${i + 1}`,
    };
  }
}
