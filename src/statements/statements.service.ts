import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { createTwoFilesPatch, diffLines } from 'diff';
import type { EntityManager } from 'typeorm';
import type { RecordedPosition, StatementEvent } from '../../workflows/statement/statement.types';
import type { Principal } from '../common/auth.decorators';
import {
  AdrefError,
  AdrefErrorCode,
  assertUnreachable,
  forbidden,
  invalidInput,
} from '../common/adref.errors';
import { Clock } from '../common/clock';
import { integrityConfig } from '../config/app.config';
import { durationMs } from '../../workflows/duration.util';
import { sha256 } from '../common/hash.util';
import { MeetingsService } from '../reference/meetings.service';
import { ReferenceService } from '../reference/reference.service';
import { dayOf } from '../reference/reference-day.util';
import { firstBrokenLink, AuditRepository } from '../engine/audit.repository';
import { CommandRequest, CommandResult, CommandRunner } from '../engine/command-runner';
import {
  Act,
  acceptedEventTypes,
  actorLabel,
  restoreSnapshot,
  StatementSnapshot,
  WorkflowRuntime,
} from '../engine/workflow.runtime';
import { CreateStatementDto, ListStatementsQueryDto, UpdateTextDto } from './dto/statement.dto';
import { CLIENT_EVENT_TYPES, StatementEventDto } from './dto/statement-event.dto';
import { RecordPositionDto } from './dto/position.dto';
import { StatementEntity } from '../engine/statement.entity';
import { canLoadMachineVersion } from '../engine/machine-registry';
import { StatementPolicy } from './statement.policy';
import {
  statementSummary,
  statementView,
  StatementView,
  unloadableSummary,
} from './statement.view';
import { StatementsRepository } from './statements.repository';
import { TextVersionEntity } from '../engine/text-version.entity';

export interface WriteOptions extends CommandRequest {
  /** The client's If-Match: the lockVersion it last saw. */
  ifMatch?: number;
}

/** Positions that must say what they reserve or object to. */
const NEEDS_TEXT = new Set(['object', 'endorse_with_reservation']);

@Injectable()
export class StatementsService {
  constructor(
    private readonly statements: StatementsRepository,
    private readonly runner: CommandRunner,
    private readonly runtime: WorkflowRuntime,
    private readonly audit: AuditRepository,
    private readonly reference: ReferenceService,
    private readonly meetings: MeetingsService,
    private readonly policy: StatementPolicy,
    private readonly clock: Clock,
    @Inject(integrityConfig.KEY) private readonly integrity: ConfigType<typeof integrityConfig>,
  ) {
    this.maxBackdateMs = durationMs(integrity.maxBackdate) ?? 0;
  }

  private readonly maxBackdateMs: number;

  create(dto: CreateStatementDto, options: WriteOptions): Promise<CommandResult<StatementView>> {
    const { principal } = options;
    return this.runner.run(options, async (manager) => {
      const framework = await this.reference.requireFramework(dto.framework, manager);
      await this.policy.assertChair(principal, framework.code, this.clock.now(), manager);
      const at = await this.effectiveTime(manager, principal, null, dto.at);
      const now = this.clock.now();
      const hash = sha256(dto.body);
      const statement = await this.runtime.start(
        manager,
        manager.create(StatementEntity, {
          frameworkCode: framework.code,
          title: dto.title,
          titleTh: dto.titleTh ?? null,
          currentVersion: 1,
          currentHash: hash,
          createdBy: principal.id,
        }),
        { actor: principal, actorLabel: actorLabel(principal), recordedAt: now, at },
      );
      await this.statements.addVersion(
        manager,
        manager.create(TextVersionEntity, {
          statementId: statement.id,
          number: 1,
          body: dto.body,
          hash,
          note: 'First draft',
          createdBy: principal.id,
          createdAt: now,
        }),
      );
      return { status: 201, body: await this.view(statement, principal, manager) };
    });
  }

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
          ? statementSummary(statement, restoreSnapshot(statement))
          : unloadableSummary(statement),
      ),
      total,
      page,
      pageSize,
    };
  }

  updateText(
    id: string,
    dto: UpdateTextDto,
    options: WriteOptions,
  ): Promise<CommandResult<StatementView>> {
    const { principal } = options;
    return this.write(id, options, async (manager, statement) => {
      const at = await this.chairActTime(manager, principal, statement, dto.at);
      const version = { number: statement.currentVersion + 1, hash: sha256(dto.body) };
      const event: StatementEvent = { type: 'EDIT_TEXT', at: at.toISOString(), version };
      // Whether the text can be edited now is the machine's to say (the runtime refuses with
      // text_not_editable); the version row written first goes with the refused transaction.
      await this.addVersion(manager, statement, dto.body, dto.note, principal, version.hash);
      return this.runtime.apply(manager, statement, event, this.act(principal, { note: dto.note }));
    });
  }

  dispatch(
    id: string,
    dto: StatementEventDto,
    options: WriteOptions,
  ): Promise<CommandResult<StatementView>> {
    const { principal } = options;
    return this.write(id, options, async (manager, statement) => {
      const at = await this.chairActTime(manager, principal, statement, dto.at);
      const event = await this.toMachineEvent(manager, statement, dto, at, principal);
      return this.runtime.apply(manager, statement, event, this.act(principal, {}));
    });
  }

  recordPosition(
    id: string,
    dto: RecordPositionDto,
    options: WriteOptions,
  ): Promise<CommandResult<StatementView>> {
    const { principal } = options;
    return this.write(
      id,
      options,
      async (manager, statement) => {
        const at = await this.effectiveTime(manager, principal, statement.id, dto.at);
        const onBehalf = await this.assertMayRecord(manager, principal, statement, dto);
        // Whether the round takes this position (open, elector, circulated text) is the
        // machine's to say: the runtime refuses with the reason's own code.
        const position: RecordedPosition = {
          member: dto.member,
          position: dto.position,
          versionHash: dto.versionHash,
          at: at.toISOString(),
          ...(dto.text ? { text: dto.text } : {}),
          ...(dto.reference ? { reference: dto.reference } : {}),
          onBehalf,
          recordedBy: principal.id,
        };
        return this.runtime.apply(
          manager,
          statement,
          { type: 'RECORD_POSITION', at: position.at, position },
          this.act(principal, {}),
        );
      },
      201,
    );
  }

  versions(id: string) {
    return this.withStatement(id, async () =>
      (await this.statements.versions(id)).map(({ body: _body, ...meta }) => meta),
    );
  }

  version(id: string, number: number) {
    return this.withStatement(id, () => this.statements.version(id, number));
  }

  diff(id: string, from: number, to: number) {
    return this.withStatement(id, async () => {
      const [a, b] = await Promise.all([
        this.statements.version(id, from),
        this.statements.version(id, to),
      ]);
      return {
        from: { number: a.number, hash: a.hash },
        to: { number: b.number, hash: b.hash },
        patch: createTwoFilesPatch(`version ${a.number}`, `version ${b.number}`, a.body, b.body),
        changes: diffLines(a.body, b.body).map((change) => ({
          type: change.added ? 'added' : change.removed ? 'removed' : 'unchanged',
          value: change.value,
        })),
      };
    });
  }

  history(id: string) {
    return this.withStatement(id, async () => {
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
    });
  }

  /** Lock, check If-Match, change, answer with the new view: the frame of every write. */
  private write(
    id: string,
    options: WriteOptions,
    change: (manager: EntityManager, statement: StatementEntity) => Promise<StatementEntity>,
    status = 200,
  ): Promise<CommandResult<StatementView>> {
    return this.runner.run(options, async (manager) => {
      const statement = await this.statements.lock(manager, id);
      if (options.ifMatch !== undefined && options.ifMatch !== statement.lockVersion) {
        throw new AdrefError(
          AdrefErrorCode.STALE_LOCK_VERSION,
          `the statement changed since you read it: If-Match ${options.ifMatch}, current lockVersion ${statement.lockVersion}`,
          { lockVersion: statement.lockVersion },
        );
      }
      const changed = await change(manager, statement);
      return { status, body: await this.view(changed, options.principal, manager) };
    });
  }

  private async withStatement<T>(id: string, read: () => Promise<T>): Promise<T> {
    await this.statements.find(id);
    return read();
  }

  private act(principal: Principal, auditDetails: Record<string, unknown>): Act {
    return {
      actor: principal,
      actorLabel: actorLabel(principal),
      recordedAt: this.clock.now(),
      auditDetails,
    };
  }

  private async addVersion(
    manager: EntityManager,
    statement: StatementEntity,
    body: string,
    note: string | undefined,
    principal: Principal,
    hash: string,
  ): Promise<void> {
    if (hash === statement.currentHash) {
      throw new AdrefError(
        AdrefErrorCode.TEXT_UNCHANGED,
        'the new text is identical to the current version',
      );
    }
    await this.statements.addVersion(
      manager,
      manager.create(TextVersionEntity, {
        statementId: statement.id,
        number: statement.currentVersion + 1,
        body,
        hash,
        note: note ?? null,
        createdBy: principal.id,
        createdAt: this.clock.now(),
      }),
    );
  }

  /**
   * When an act took effect: now, or an earlier time the secretariat gives for a past act (a
   * note verbale received last week). The actor must be entitled today; `at` is never in the
   * future, never more than ADREF_MAX_BACKDATE ago and never before the statement's last act.
   * History from before adref is imported, not back-dated.
   */
  private async effectiveTime(
    manager: EntityManager,
    principal: Principal,
    statementId: string | null,
    at: string | undefined,
  ): Promise<Date> {
    const now = this.clock.now();
    if (at === undefined) return now;
    if (principal.role !== 'chair_secretariat' && principal.role !== 'admin') {
      throw forbidden('only the secretariat may date an act in the past (at)');
    }
    const when = new Date(at);
    const outOfRange = (why: string) =>
      new AdrefError(AdrefErrorCode.AT_OUT_OF_RANGE, `at (${at}) ${why}`, { field: 'at' });
    if (when.getTime() > now.getTime()) throw outOfRange('is in the future');
    const earliest = new Date(now.getTime() - this.maxBackdateMs);
    if (when.getTime() < earliest.getTime()) {
      throw outOfRange(
        `is more than ${this.integrity.maxBackdate} ago (earliest ${earliest.toISOString()}); ` +
          'statements adopted before adref are imported (POST /statements/import)',
      );
    }
    const last = statementId ? await this.audit.lastActAt(manager, statementId) : null;
    if (last && when.getTime() < last.getTime()) {
      throw outOfRange(`is before the statement's last recorded act (${last.toISOString()})`);
    }
    return when;
  }

  /** When a chair's act takes effect, once it is sure the caller chairs today. */
  private async chairActTime(
    manager: EntityManager,
    principal: Principal,
    statement: StatementEntity,
    at: string | undefined,
  ): Promise<Date> {
    await this.policy.assertChair(principal, statement.frameworkCode, this.clock.now(), manager);
    return this.effectiveTime(manager, principal, statement.id, at);
  }

  /** A deadline must lie ahead of the moment it is recorded, whatever `at` the act carries. */
  private futureDeadline(deadline: string): Date {
    const when = new Date(deadline);
    const now = this.clock.now();
    if (when.getTime() <= now.getTime()) {
      throw new AdrefError(
        AdrefErrorCode.DEADLINE_NOT_IN_FUTURE,
        `the deadline (${deadline}) must be later than now (${now.toISOString()})`,
        { field: 'deadline' },
      );
    }
    return when;
  }

  /** A focal point answers for its own member; the secretariat records on a member's behalf. */
  private async assertMayRecord(
    manager: EntityManager,
    principal: Principal,
    statement: StatementEntity,
    dto: RecordPositionDto,
  ): Promise<boolean> {
    if (NEEDS_TEXT.has(dto.position) && !dto.text) {
      throw invalidInput(
        `text is required for ${dto.position}: give the reservation or the reasons`,
        {
          fields: [{ field: 'text', problems: [`text is required for ${dto.position}`] }],
        },
      );
    }
    switch (principal.role) {
      case 'focal_point':
        if (principal.memberCode !== dto.member) {
          throw forbidden(
            `a focal point of ${principal.memberCode} records positions for ${principal.memberCode} only`,
          );
        }
        return false;
      case 'chair_secretariat':
      case 'admin':
        await this.policy.assertChair(
          principal,
          statement.frameworkCode,
          this.clock.now(),
          manager,
        );
        if (!dto.reference) {
          throw invalidInput(
            'reference (e.g. the note verbale) is required when recording on a member’s behalf',
            {
              fields: [
                { field: 'reference', problems: ['reference is required on behalf of a member'] },
              ],
            },
          );
        }
        return true;
      case 'observer':
        throw forbidden('observers read; they do not record positions');
      default:
        return assertUnreachable(principal.role);
    }
  }

  private async toMachineEvent(
    manager: EntityManager,
    statement: StatementEntity,
    dto: StatementEventDto,
    at: Date,
    principal: Principal,
  ): Promise<StatementEvent> {
    const iso = at.toISOString();
    const snapshot = restoreSnapshot(statement);
    switch (dto.type) {
      case 'SUBMIT_TO_SOM':
      case 'DEADLINE_PASSED':
        return { type: dto.type, at: iso };
      case 'RETURN_FOR_REVISION':
        return { type: dto.type, at: iso, ...(dto.note ? { note: dto.note } : {}) };
      case 'APPROVE_IN_PRINCIPLE':
      case 'ADOPT_AT_MEETING': {
        // A meeting of the reference data by id; free text only for one not recorded yet.
        if (dto.meetingId && dto.meeting) {
          throw new AdrefError(
            AdrefErrorCode.MEETING_GIVEN_TWICE,
            'give the meeting either by meetingId (from the reference data) or as meeting text, not both',
            { fields: ['meetingId', 'meeting'] },
          );
        }
        if (dto.meetingId) {
          const meeting = await this.meetings.requireMeetingOf(
            statement.frameworkCode,
            dto.meetingId,
            manager,
          );
          return { type: dto.type, at: iso, meetingId: meeting.id };
        }
        return { type: dto.type, at: iso, ...(dto.meeting ? { meeting: dto.meeting } : {}) };
      }
      case 'OPEN_AD_REFERENDUM': {
        const deadline = this.futureDeadline(dto.deadline!);
        const electorate = await this.reference.electorateOn(
          statement.frameworkCode,
          dayOf(at),
          manager,
        );
        return {
          type: dto.type,
          at: iso,
          deadline: deadline.toISOString(),
          silenceRule: dto.silenceRule!,
          electorate,
          ...(dto.reminderOffsets ? { reminderOffsets: dto.reminderOffsets } : {}),
        };
      }
      case 'EXTEND_DEADLINE': {
        const deadline = this.futureDeadline(dto.deadline!);
        return { type: dto.type, at: iso, deadline: deadline.toISOString() };
      }
      case 'REVISE': {
        if (dto.body === undefined) return { type: dto.type, at: iso };
        const version = { number: statement.currentVersion + 1, hash: sha256(dto.body) };
        // Checked first so that a refused REVISE stores no version (the transaction would undo it anyway).
        if (!snapshot.can({ type: 'REVISE', at: iso, version })) {
          return { type: dto.type, at: iso, version };
        }
        await this.addVersion(manager, statement, dto.body, dto.note, principal, version.hash);
        return { type: dto.type, at: iso, version };
      }
      case 'CLOSE_WITHOUT_ADOPTION':
        return { type: dto.type, at: iso, ...(dto.reason ? { reason: dto.reason } : {}) };
      case 'WITHDRAW':
        return { type: dto.type, at: iso, reason: dto.reason! };
      default:
        return assertUnreachable(dto.type);
    }
  }

  /** The statement as the caller sees it, with the events the caller may send now. */
  private async view(
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
