import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { StatementEvent } from '../../workflows/statement/statement.types';
import { Clock } from '../common/clock';
import { Poller } from '../common/poller';
import { workersConfig } from '../config/app.config';
import {
  restoreSnapshot,
  stateLabel,
  SYSTEM_ACTOR,
  WorkflowRuntime,
} from '../engine/workflow.runtime';
import { DueTimer, TimersRepository } from '../engine/timers.repository';
import { StatementsRepository } from '../statements/statements.repository';

/**
 * Fires due deadlines and reminders as events through the normal runtime. Every instance
 * runs one; a timer is claimed with SKIP LOCKED and marked in the transaction that applies
 * its event, so it fires once however many instances run, and late after a restart.
 */
/** Timers leased in one statement; a full batch is followed by another at once. */
const TIMER_BATCH = 500;

@Injectable()
export class TimersService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly poller: Poller;
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly timers: TimersRepository,
    private readonly statements: StatementsRepository,
    private readonly runtime: WorkflowRuntime,
    private readonly clock: Clock,
    @Inject(workersConfig.KEY) private readonly config: ConfigType<typeof workersConfig>,
  ) {
    // A full batch polls again at once (the Poller's rule for work that found something).
    this.poller = new Poller(TimersService.name, config.timerIntervalMs, () =>
      this.fireDue(TIMER_BATCH),
    );
  }

  onApplicationBootstrap(): void {
    if (this.config.enabled) this.poller.start();
  }

  onApplicationShutdown(): Promise<void> {
    // Workers finish the firing they are in and give the rest of their batch back.
    this.stopping = true;
    return this.poller.stop();
  }

  /** Deadlines and reminders: pending ones by due time, and what became of the others. */
  list(filter: { status?: string; statementId?: string }, limit: number) {
    return this.timers.list(this.dataSource.manager, filter, limit);
  }

  /**
   * Fires due timers, up to `limit`: leased in batches of at most TIMER_BATCH in one statement,
   * then fired `concurrency` at a time over the pool, one transaction each. Returns how many
   * it settled. A timer leased but not fired (the instance is stopping, or a firing failed)
   * is given back, or its lease runs out and any instance takes it.
   */
  async fireDue(
    limit = Number.POSITIVE_INFINITY,
    concurrency = this.config.timerConcurrency,
  ): Promise<number> {
    let settled = 0;
    while (settled < limit && !this.stopping) {
      const now = this.clock.now();
      const batch = await this.timers.claimBatch(
        this.dataSource.manager,
        now,
        new Date(now.getTime() + this.config.timerLeaseMs),
        Math.min(TIMER_BATCH, limit - settled),
      );
      if (!batch.length) break;
      settled += await this.fireBatch(batch, concurrency);
      if (batch.length < TIMER_BATCH) break;
    }
    return settled;
  }

  private async fireBatch(batch: DueTimer[], concurrency: number): Promise<number> {
    const queue = [...batch];
    let settled = 0;
    const worker = async () => {
      for (let timer = queue.shift(); timer; timer = queue.shift()) {
        if (this.stopping) {
          queue.unshift(timer);
          return;
        }
        if (await this.fireOne(timer)) settled += 1;
      }
    };
    const workers = Math.max(1, Math.min(concurrency, batch.length));
    // Every worker ends its transaction before this returns, even when one of them failed.
    const outcomes = await Promise.allSettled(Array.from({ length: workers }, worker));
    await this.timers.release(
      this.dataSource.manager,
      queue.map((timer) => timer.id),
    );
    const failed = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
    return settled;
  }

  /** Fires one leased timer, unless it was settled or cancelled since it was leased. */
  private fireOne(timer: DueTimer): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const statement = await this.statements.lock(manager, timer.statementId);
      // The event carries the time it was due, not the time this instance got to it.
      const at = timer.dueAt.toISOString();
      const event: StatementEvent =
        timer.kind === 'deadline'
          ? { type: 'DEADLINE_PASSED', at }
          : { type: 'REMINDER_DUE', offset: timer.offset ?? '', at };
      const snapshot = restoreSnapshot(statement);
      const reminderTooLate =
        timer.kind !== 'deadline' &&
        statement.openDeadline !== null &&
        statement.openDeadline.getTime() <= now.getTime();
      const skip = reminderTooLate || !snapshot.can(event);
      const note = !skip
        ? null
        : reminderTooLate
          ? // E.g. a reminder found after its deadline passed while every instance was down.
            'the deadline passed before the reminder could go'
          : `not applicable while ${stateLabel(snapshot)}`;
      const pending = await this.timers.settleIfPending(
        manager,
        timer.id,
        skip ? 'skipped' : 'fired',
        now,
        note,
      );
      if (!pending || skip) return pending;
      await this.runtime.apply(manager, statement, event, {
        actor: null,
        actorLabel: SYSTEM_ACTOR,
        recordedAt: now,
        auditDetails: { timerId: timer.id },
      });
      return true;
    });
  }
}
