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
import { TimersRepository } from '../engine/timers.repository';
import { StatementsRepository } from '../statements/statements.repository';

/**
 * Fires due deadlines and reminders as events through the normal runtime. Every instance
 * runs one; a timer is claimed with SKIP LOCKED and marked in the transaction that applies
 * its event, so it fires once however many instances run, and late after a restart.
 */
@Injectable()
export class TimersService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly poller: Poller;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly timers: TimersRepository,
    private readonly statements: StatementsRepository,
    private readonly runtime: WorkflowRuntime,
    private readonly clock: Clock,
    @Inject(workersConfig.KEY) private readonly config: ConfigType<typeof workersConfig>,
  ) {
    // A full batch polls again at once (the Poller's rule for work that found something).
    this.poller = new Poller(TimersService.name, config.timerIntervalMs, () => this.fireDue(500));
  }

  onApplicationBootstrap(): void {
    if (this.config.enabled) this.poller.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.poller.stop();
  }

  /** Deadlines and reminders: pending ones by due time, and what became of the others. */
  list(filter: { status?: string; statementId?: string }, limit: number) {
    return this.timers.list(this.dataSource.manager, filter, limit);
  }

  /**
   * Fires due timers, one transaction each, up to `limit`, `concurrency` at a time over the
   * pool (SKIP LOCKED hands each worker a different one); returns how many it settled.
   */
  async fireDue(
    limit = Number.POSITIVE_INFINITY,
    concurrency = this.config.timerConcurrency,
  ): Promise<number> {
    let claimed = 0;
    let settled = 0;
    const worker = async () => {
      while (claimed < limit) {
        claimed += 1;
        if (!(await this.fireOne())) {
          claimed -= 1;
          return;
        }
        settled += 1;
      }
    };
    const workers = Math.max(1, Math.min(concurrency, limit));
    // Every worker ends its transaction before this returns, even when one of them failed.
    const outcomes = await Promise.allSettled(Array.from({ length: workers }, worker));
    const failed = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
    return settled;
  }

  private fireOne(): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const timer = await this.timers.claimDue(manager, now);
      if (!timer) return false;
      const statement = await this.statements.find(timer.statementId, manager);
      // The event carries the time it was due, not the time this instance got to it.
      const dueAt = new Date(timer.dueAt);
      const at = dueAt.toISOString();
      const event: StatementEvent =
        timer.kind === 'deadline'
          ? { type: 'DEADLINE_PASSED', at }
          : { type: 'REMINDER_DUE', offset: timer.offset ?? '', at };
      const snapshot = restoreSnapshot(statement);
      const reminderTooLate =
        timer.kind !== 'deadline' &&
        statement.openDeadline !== null &&
        statement.openDeadline.getTime() <= now.getTime();
      if (reminderTooLate || !snapshot.can(event)) {
        // E.g. a reminder found after its deadline passed while every instance was down.
        await this.timers.settle(
          manager,
          timer.id,
          'skipped',
          now,
          reminderTooLate
            ? 'the deadline passed before the reminder could go'
            : `not applicable while ${stateLabel(snapshot)}`,
        );
        return true;
      }
      await this.runtime.apply(manager, statement, event, {
        actor: null,
        actorLabel: SYSTEM_ACTOR,
        recordedAt: now,
        auditDetails: { timerId: timer.id },
      });
      await this.timers.settle(manager, timer.id, 'fired', now);
      return true;
    });
  }
}
