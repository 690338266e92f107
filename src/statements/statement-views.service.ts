import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../common/auth.decorators';
import { Clock } from '../common/clock';
import { AuditRepository, firstBrokenLink } from '../engine/audit.repository';
import { canLoadMachineVersion } from '../engine/machine-registry';
import type { StatementEntity } from '../engine/statement.entity';
import { acceptedEventTypes, restoreSnapshot, StatementSnapshot } from '../engine/workflow.runtime';
import { MeetingsService } from '../reference/meetings.service';
import type { ListStatementsQueryDto } from './dto/statement.dto';
import { CLIENT_EVENT_TYPES } from './dto/statement-event.dto';
import { StatementPolicy } from './statement.policy';
import {
  statementSummary,
  statementView,
  StatementView,
  unloadableSummary,
} from './statement.view';
import { StatementsRepository } from './statements.repository';

/** Statements as callers read them: one with the events they may send, the board, the history. */
@Injectable()
export class StatementViewsService {
  constructor(
    private readonly statements: StatementsRepository,
    private readonly audit: AuditRepository,
    private readonly meetings: MeetingsService,
    private readonly policy: StatementPolicy,
    private readonly clock: Clock,
  ) {}

  async get(id: string, principal: Principal): Promise<StatementView> {
    return this.view(await this.statements.find(id), principal);
  }

  async list(query: ListStatementsQueryDto) {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { items, total } = await this.statements.list({
      state: query.state,
      framework: query.framework,
      pendingFor: query.pendingFor,
      overdueAt: query.overdue ? this.clock.now() : undefined,
      page,
      pageSize,
    });
    return {
      // A statement on a version this build cannot load is a row that says so, not a 409 board.
      items: items.map((statement) =>
        canLoadMachineVersion(statement.machineVersion)
          ? statementSummary(statement, statement.snapshot as Pick<StatementSnapshot, 'context'>)
          : unloadableSummary(statement),
      ),
      total,
      page,
      pageSize,
    };
  }

  async history(id: string) {
    await this.statements.find(id);
    const events = await this.audit.history(this.statements.manager, id);
    const brokenAt = firstBrokenLink(events);
    // The meetings the events name by id, beside the signed events rather than inside them.
    const meetingIds = events.flatMap((event) =>
      typeof event.payload.meetingId === 'string' ? [event.payload.meetingId] : [],
    );
    return {
      chain: { valid: brokenAt === null, brokenAt },
      events: events.map(({ statement: _statement, ...event }) => event),
      meetings: await this.meetings.meetingViews(meetingIds),
    };
  }

  /** The statement as the caller sees it, with the events the caller may send now. */
  async view(
    statement: StatementEntity,
    principal: Principal,
    manager?: EntityManager,
  ): Promise<StatementView> {
    const snapshot = restoreSnapshot(statement);
    const meetingId = snapshot.context.adoption?.meetingId;
    const [meeting] = meetingId ? await this.meetings.meetingViews([meetingId], manager) : [];
    return statementView(
      statement,
      snapshot,
      await this.allowedEvents(statement, snapshot, principal, manager),
      meeting ?? null,
    );
  }

  private async allowedEvents(
    statement: StatementEntity,
    snapshot: StatementSnapshot,
    principal: Principal,
    manager?: EntityManager,
  ): Promise<string[]> {
    const accepted = acceptedEventTypes(snapshot);
    const now = this.clock.now();
    const round = snapshot.context.round;
    const allowed: string[] = [];
    if (await this.policy.chairsOn(principal, statement.frameworkCode, now, manager)) {
      for (const type of CLIENT_EVENT_TYPES) {
        if (!accepted.includes(type)) continue;
        if (type === 'DEADLINE_PASSED' && (!round || Date.parse(round.deadline) > now.getTime()))
          continue;
        allowed.push(type);
      }
      if (accepted.includes('EDIT_TEXT')) allowed.push('EDIT_TEXT');
    }
    const mayAnswer =
      principal.role === 'focal_point'
        ? !!principal.memberCode && !!round?.electorate.includes(principal.memberCode)
        : allowed.length > 0;
    if (accepted.includes('RECORD_POSITION') && mayAnswer) allowed.push('RECORD_POSITION');
    return allowed;
  }
}
