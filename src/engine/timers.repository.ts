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

const CLAIM_BATCH = `
  UPDATE timers SET claimed_until = $2
   WHERE id IN (SELECT id FROM timers
                 WHERE status = 'pending' AND due_at <= $1
                   AND (claimed_until IS NULL OR claimed_until <= $1)
                 ORDER BY due_at, id
                 LIMIT $3
                   FOR UPDATE SKIP LOCKED)
  RETURNING id, statement_id AS "statementId", round_number AS "roundNumber", kind, "offset",
            due_at AS "dueAt"`;

const SETTLE_IF_PENDING = `
  UPDATE timers SET status = $2, settled_at = $3, note = $4, claimed_until = NULL
   WHERE id = $1 AND status = 'pending'
  RETURNING id`;

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
   * Leases up to `limit` due timers, earliest first, until `leaseUntil`: one statement and
   * one round trip for a whole batch. SKIP LOCKED and the lease keep other instances (and
   * this one's next batch) off them; a crashed instance's lease runs out and another takes
   * them. The lease claims no statement: each firing locks its statement, then settles the
   * timer only if it is still pending (`settleIfPending`), which is what makes it fire once.
   */
  async claimBatch(
    manager: EntityManager,
    now: Date,
    leaseUntil: Date,
    limit: number,
  ): Promise<DueTimer[]> {
    const [rows] = (await manager.query(CLAIM_BATCH, [now, leaseUntil, limit])) as [
      DueTimer[],
      number,
    ];
    // UPDATE … RETURNING keeps no order: due time first, as the SELECT chose them.
    return rows
      .map((row) => ({ ...row, dueAt: new Date(row.dueAt) }))
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id.localeCompare(b.id));
  }

  /** Gives back leased timers that this instance will not fire (it is stopping). */
  async release(manager: EntityManager, ids: string[]): Promise<void> {
    if (!ids.length) return;
    await manager.query(
      `UPDATE timers SET claimed_until = NULL WHERE id = ANY($1::uuid[]) AND status = 'pending'`,
      [ids],
    );
  }

  /**
   * Settles a timer that is still pending, in the transaction that applies its event (the
   * caller holds its statement's lock); false when it was settled or cancelled meanwhile.
   */
  async settleIfPending(
    manager: EntityManager,
    id: string,
    status: 'fired' | 'skipped',
    now: Date,
    note: string | null = null,
  ): Promise<boolean> {
    const [rows] = (await manager.query(SETTLE_IF_PENDING, [id, status, now, note])) as [
      unknown[],
      number,
    ];
    return rows.length === 1;
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
