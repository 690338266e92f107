import { Injectable } from '@nestjs/common';
import { EntityManager, In, IsNull } from 'typeorm';
import type {
  RecordedPosition,
  Round,
  RoundOutcome,
} from '../../workflows/statement/statement.types';
import { PrincipalEntity } from '../auth/principal.entity';
import { StatementEntity } from '../statements/statement.entity';
import { TextVersionEntity } from '../statements/text-version.entity';
import { PositionEntity } from './position.entity';
import { RoundEntity } from './round.entity';

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

  /** Stores a position; the member's previous one in the round is marked superseded, not changed. */
  async storePosition(
    manager: EntityManager,
    statementId: string,
    roundNumber: number,
    position: RecordedPosition,
    recordedAt: Date,
  ): Promise<void> {
    const round = await manager.findOneByOrFail(RoundEntity, { statementId, number: roundNumber });
    await manager.update(
      PositionEntity,
      { roundId: round.id, memberCode: position.member, supersededAt: IsNull() },
      { supersededAt: recordedAt },
    );
    await manager.insert(PositionEntity, {
      statementId,
      roundId: round.id,
      memberCode: position.member,
      position: position.position,
      versionHash: position.versionHash,
      text: position.text ?? null,
      reference: position.reference ?? null,
      onBehalf: position.onBehalf,
      recordedBy: position.recordedBy,
      takenAt: new Date(position.at),
      recordedAt,
      supersededAt: null,
    });
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

  /** Every position ever recorded for a statement, superseded ones included, oldest first. */
  positionHistory(manager: EntityManager, statementId: string): Promise<PositionEntity[]> {
    return manager.find(PositionEntity, { where: { statementId }, order: { recordedAt: 'ASC' } });
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
