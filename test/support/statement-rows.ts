import type { EntityManager } from 'typeorm';
import { AuditEventEntity, OutboxMessageEntity } from '../../src/engine/engine.entities';
import { PositionEntity } from '../../src/engine/position.entity';
import { RoundEntity } from '../../src/engine/round.entity';
import { StatementEntity } from '../../src/engine/statement.entity';
import { TimerEntity } from '../../src/engine/timer.entity';

export interface StatementRows {
  statement: StatementEntity;
  audit: AuditEventEntity[];
  rounds: RoundEntity[];
  positions: PositionEntity[];
  timers: TimerEntity[];
  outbox: OutboxMessageEntity[];
}

/** Everything the engine wrote for one statement, in the order it was written. */
export async function rowsOf(manager: EntityManager, statementId: string): Promise<StatementRows> {
  const where = { statementId };
  const [statement, audit, rounds, positions, timers, outbox] = await Promise.all([
    manager.findOneByOrFail(StatementEntity, { id: statementId }),
    manager.find(AuditEventEntity, { where, order: { seq: 'ASC' } }),
    manager.find(RoundEntity, { where, order: { number: 'ASC' } }),
    manager.find(PositionEntity, { where, order: { recordedAt: 'ASC' } }),
    manager.find(TimerEntity, { where, order: { dueAt: 'ASC', kind: 'ASC' } }),
    manager.find(OutboxMessageEntity, { where, order: { seq: 'ASC' } }),
  ]);
  return { statement, audit, rounds, positions, timers, outbox };
}
