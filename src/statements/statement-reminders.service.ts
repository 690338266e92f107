import { Injectable } from '@nestjs/common';
import { outstanding } from '../../workflows/statement/round.util';
import { AdrefError, AdrefErrorCode } from '../common/adref.errors';
import { Clock } from '../common/clock';
import { AuditRepository } from '../engine/audit.repository';
import { CommandResult, CommandRunner } from '../engine/command-runner';
import {
  actorLabel,
  REMINDER_SENT,
  restoreSnapshot,
  WorkflowRuntime,
} from '../engine/workflow.runtime';
import type { ReminderDto, SendReminderDto } from './dto/comments.dto';
import { StatementPolicy } from './statement.policy';
import type { WriteOptions } from './statements.service';
import { StatementsRepository } from './statements.repository';

/** A round's reminders from the chair are at least this far apart. */
export const REMINDER_INTERVAL_MS = 12 * 3_600_000;

/**
 * The chair's "remind now": a reminder to the focal points of the members still outstanding
 * in the open round, sent through the outbox and recorded in the history, at most once every
 * 12 hours per round.
 */
@Injectable()
export class StatementRemindersService {
  constructor(
    private readonly statements: StatementsRepository,
    private readonly audit: AuditRepository,
    private readonly runner: CommandRunner,
    private readonly runtime: WorkflowRuntime,
    private readonly policy: StatementPolicy,
    private readonly clock: Clock,
  ) {}

  remind(
    id: string,
    dto: SendReminderDto,
    options: WriteOptions,
  ): Promise<CommandResult<ReminderDto>> {
    const { principal } = options;
    return this.runner.run(options, async (manager) => {
      const statement = await this.statements.lock(manager, id);
      const now = this.clock.now();
      await this.policy.assertChair(principal, statement.frameworkCode, now, manager);
      const round = restoreSnapshot(statement).context.round;
      if (statement.state !== 'ad_referendum' || !round) {
        throw new AdrefError(
          AdrefErrorCode.ROUND_NOT_OPEN,
          `no ad-referendum round is open: the statement is ${statement.state}`,
          { state: statement.state },
        );
      }
      const members = outstanding(round);
      if (members.length === 0) {
        throw new AdrefError(
          AdrefErrorCode.NOBODY_OUTSTANDING,
          `every elector of round ${round.number} has answered: nobody to remind`,
        );
      }
      const last = await this.audit.lastOfType(manager, id, REMINDER_SENT);
      if (last && last.payload.round === round.number) {
        const next = last.recordedAt.getTime() + REMINDER_INTERVAL_MS;
        if (now.getTime() < next) {
          const nextAllowedAt = new Date(next).toISOString();
          throw new AdrefError(
            AdrefErrorCode.REMINDER_TOO_SOON,
            `round ${round.number} was reminded at ${last.recordedAt.toISOString()}; the next reminder may go from ${nextAllowedAt}`,
            {
              retryAfterSeconds: Math.ceil((next - now.getTime()) / 1000),
              lastSentAt: last.recordedAt.toISOString(),
              nextAllowedAt,
            },
          );
        }
      }
      const message = dto.message ?? null;
      const label = actorLabel(principal);
      await this.runtime.note(manager, statement, {
        type: REMINDER_SENT,
        act: { actor: principal, actorLabel: label, recordedAt: now, at: now },
        payload: { round: round.number, members, ...(message ? { message } : {}) },
        notify: { kind: 'chair_reminder', extra: { message, remindedBy: label } },
      });
      return {
        status: options.status,
        body: {
          round: round.number,
          members,
          message,
          sentAt: now.toISOString(),
          nextAllowedAt: new Date(now.getTime() + REMINDER_INTERVAL_MS).toISOString(),
        },
      };
    });
  }
}
