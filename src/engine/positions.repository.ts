import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import type {
  RecordedPosition,
  Round,
  RoundOutcome,
} from '../../workflows/statement/statement.types';
import { PrincipalEntity } from '../common/principal.entity';
import { StatementEntity } from './statement.entity';
import { TextVersionEntity } from './text-version.entity';
import { PositionEntity } from './position.entity';
import { RoundEntity } from './round.entity';

/** A statement and its parameters, numbered from `$from`: to run alone or inside a CTE. */
export interface SqlPart {
  sql: string;
  values: unknown[];
}

/**
 * Appends a position; it names the member's current position in the round as the one it
 * supersedes. Rows are never updated (append-only), so the old position stays as it was.
 */
export function storePositionStatement(
  from: number,
  statementId: string,
  roundNumber: number,
  position: RecordedPosition,
  recordedAt: Date,
  /** A further condition: e.g. only if the statement row was written (IF_ROW_MOVED). */
  onlyIf?: string,
): SqlPart {
  const $ = (n: number) => `$${from + n - 1}`;
  return {
    sql: `INSERT INTO positions (statement_id, round_id, member_code, position, version_hash, text,
                              reference, on_behalf, recorded_by, taken_at, recorded_at, supersedes_id)
       SELECT r.statement_id, r.id, ${$(3)}::varchar, ${$(4)}::varchar, ${$(5)}::char(64), ${$(6)}::text,
              ${$(7)}::text, ${$(8)}::boolean, ${$(9)}::uuid, ${$(10)}::timestamptz, ${$(11)}::timestamptz,
              (SELECT p.id FROM positions p
                WHERE p.round_id = r.id AND p.member_code = ${$(3)}::varchar
                  AND NOT EXISTS (SELECT 1 FROM positions q WHERE q.supersedes_id = p.id))
         FROM rounds r
        WHERE r.statement_id = ${$(1)}::uuid AND r.number = ${$(2)}::int${onlyIf ? ` AND ${onlyIf}` : ''}`,
    values: [
      statementId,
      roundNumber,
      position.member,
      position.position,
      position.versionHash,
      position.text ?? null,
      position.reference ?? null,
      position.onBehalf,
      position.recordedBy,
      new Date(position.at),
      recordedAt,
    ],
  };
}

/** Rounds and the full history of positions, mirrored from the machine's effects. */
@Injectable()
export class PositionsRepository {
  async openRound(manager: EntityManager, statementId: string, round: Round): Promise<void> {
    await manager.insert(RoundEntity, {
      statementId,
      number: round.number,
      versionNumber: round.version.number,
      versionHash: round.version.hash,
      openedAt: new Date(round.openedAt),
      deadline: new Date(round.deadline),
      silenceRule: round.silenceRule,
      electorate: round.electorate,
      closedAt: null,
      outcome: null,
    });
  }

  /** Appends a position (see storePositionStatement). */
  async storePosition(
    manager: EntityManager,
    statementId: string,
    roundNumber: number,
    position: RecordedPosition,
    recordedAt: Date,
  ): Promise<void> {
    const insert = storePositionStatement(1, statementId, roundNumber, position, recordedAt);
    await manager.query(insert.sql, insert.values);
  }

  async moveDeadline(
    manager: EntityManager,
    statementId: string,
    roundNumber: number,
    deadline: string,
  ): Promise<void> {
    await manager.update(
      RoundEntity,
      { statementId, number: roundNumber },
      { deadline: new Date(deadline) },
    );
  }

  async closeRound(
    manager: EntityManager,
    statementId: string,
    roundNumber: number,
    outcome: RoundOutcome,
    at: string,
  ): Promise<void> {
    await manager.update(
      RoundEntity,
      { statementId, number: roundNumber },
      { outcome, closedAt: new Date(at) },
    );
  }

  rounds(manager: EntityManager, statementId: string): Promise<RoundEntity[]> {
    return manager.find(RoundEntity, { where: { statementId }, order: { number: 'ASC' } });
  }

  /**
   * Every position ever recorded for a statement, superseded ones included, oldest first, each
   * with `supersededAt`: when the member's next position in the round replaced it.
   */
  async positionHistory(manager: EntityManager, statementId: string): Promise<PositionEntity[]> {
    const rows = await manager.find(PositionEntity, {
      where: { statementId },
      order: { recordedAt: 'ASC' },
    });
    const successorOf = new Map(rows.map((row) => [row.supersedesId, row]));
    for (const row of rows) row.supersededAt = successorOf.get(row.id)?.recordedAt ?? null;
    return rows;
  }

  findStatement(manager: EntityManager, id: string): Promise<StatementEntity | null> {
    return manager.findOneBy(StatementEntity, { id });
  }

  findTextVersion(
    manager: EntityManager,
    statementId: string,
    number: number,
  ): Promise<TextVersionEntity | null> {
    return manager.findOneBy(TextVersionEntity, { statementId, number });
  }

  /** Who recorded positions: names and roles only, never tokens or e-mail addresses. */
  recorders(manager: EntityManager, ids: string[]): Promise<PrincipalEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return manager.find(PrincipalEntity, {
      where: { id: In([...new Set(ids)]) },
      select: { id: true, name: true, role: true, memberCode: true },
    });
  }
}
