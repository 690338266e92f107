import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { durationMs } from '../../workflows/duration.util';
import { TimerEntity } from './timer.entity';

export interface DueTimer {
  id: string;
  statementId: string;
  roundNumber: number;
  kind: TimerEntity['kind'];
  offset: string | null;
  dueAt: Date;
}

/** Deadlines and reminders as rows, written in the transaction of the transition that set them. */
@Injectable()
export class TimersRepository {
  /**
   * Replaces a round's pending timers: the deadline, and each reminder still ahead of `now`
   * (a reminder whose moment has passed when the round opens or moves is not set at all).
   */
  async schedule(
    manager: EntityManager,
    statementId: string,
    roundNumber: number,
    deadline: Date,
    reminderOffsets: string[],
    now: Date,
  ): Promise<void> {
    await this.cancel(manager, statementId, roundNumber, now, 'rescheduled');
    const timers = [
      { kind: 'deadline' as const, offset: null, dueAt: deadline },
      ...reminderOffsets.map((offset) => ({
        kind: 'reminder' as const,
        offset,
        dueAt: new Date(deadline.getTime() - (durationMs(offset) ?? 0)),
      })),
    ].filter((timer) => timer.kind === 'deadline' || timer.dueAt.getTime() > now.getTime());
    for (const timer of timers) {
      await manager.insert(TimerEntity, {
        statementId,
        roundNumber,
        ...timer,
        status: 'pending',
        createdAt: now,
        settledAt: null,
        note: null,
      });
    }
  }

  async cancel(
    manager: EntityManager,
    statementId: string,
    roundNumber: number,
    now: Date,
    note = 'round closed',
  ): Promise<void> {
    await manager.update(
      TimerEntity,
      { statementId, roundNumber, status: 'pending' },
      { status: 'cancelled', settledAt: now, note },
    );
  }

  /**
   * Claims the earliest due timer whose statement no other transaction holds, locking both
   * (statement first, as every other writer does), or returns null when none is due.
   */
  async claimDue(manager: EntityManager, now: Date): Promise<DueTimer | null> {
    const rows: DueTimer[] = await manager.query(
      `SELECT t.id, t.statement_id AS "statementId", t.round_number AS "roundNumber", t.kind, t."offset", t.due_at AS "dueAt"
         FROM timers t JOIN statements s ON s.id = t.statement_id
        WHERE t.status = 'pending' AND t.due_at <= $1
        ORDER BY t.due_at, t.id
        LIMIT 1
        FOR UPDATE OF s, t SKIP LOCKED`,
      [now],
    );
    return rows[0] ?? null;
  }

  async settle(
    manager: EntityManager,
    id: string,
    status: 'fired' | 'skipped',
    now: Date,
    note: string | null = null,
  ): Promise<void> {
    await manager.update(TimerEntity, { id }, { status, settledAt: now, note });
  }

  list(
    manager: EntityManager,
    filter: { status?: string; statementId?: string },
    limit: number,
  ): Promise<TimerEntity[]> {
    return manager.find(TimerEntity, {
      where: {
        ...(filter.status ? { status: filter.status as TimerEntity['status'] } : {}),
        ...(filter.statementId ? { statementId: filter.statementId } : {}),
      },
      order: { dueAt: 'ASC' },
      take: limit,
    });
  }
}
