import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedPosition, StatementEvent } from '../../workflows/statement/statement.types';
import type { Principal } from '../common/auth.decorators';
import { AdrefError, AdrefErrorCode } from '../common/adref.errors';
import { Clock } from '../common/clock';
import { sha256 } from '../common/hash.util';
import { CommandRequest, CommandResult, CommandRunner } from '../engine/command-runner';
import type { StatementEntity } from '../engine/statement.entity';
import {
  Act,
  actorLabel,
  OptimisticWriteMissed,
  WorkflowRuntime,
} from '../engine/workflow.runtime';
import { ReferenceService } from '../reference/reference.service';
import type { UploadedDocument } from '../common/document-upload.interceptor';
import { DocumentsRepository } from '../engine/documents.repository';
import { DocumentsService, withFile } from './documents.service';
import type { RecordPositionDto } from './dto/position.dto';
import type { CreateStatementDto, UpdateTextDto } from './dto/statement.dto';
import type { StatementEventDto } from './dto/statement-event.dto';
import { decisionDetails, ProposalDecisionsService } from './proposal-decisions.service';
import { StatementEventFactory } from './statement-event.factory';
import { StatementTextsService } from './statement-texts.service';
import { StatementViewsService } from './statement-views.service';
import type { StatementView } from './statement.view';
import { StatementPolicy } from './statement.policy';
import { StatementsRepository } from './statements.repository';

export interface WriteOptions extends CommandRequest {
  /** The client's If-Match: the lockVersion it last saw. */
  ifMatch?: number;
  /**
   * The HTTP status the controller answers a success with. CommandRunner keeps it with an
   * Idempotency-Key so that a replay answers alike; a service passes it on, never chooses it.
   */
  status: number;
}

/** Optimistic tries before a write takes the row lock (each lost to a concurrent write). */
const OPTIMISTIC_ATTEMPTS = 2;

function assertIfMatch(options: WriteOptions, statement: StatementEntity): void {
  if (options.ifMatch !== undefined && options.ifMatch !== statement.lockVersion) {
    throw new AdrefError(
      AdrefErrorCode.STALE_LOCK_VERSION,
      `the statement changed since you read it: If-Match ${options.ifMatch}, current lockVersion ${statement.lockVersion}`,
      { lockVersion: statement.lockVersion },
    );
  }
}

/** What changes a statement: launching it, editing its text, its events and positions. */
@Injectable()
export class StatementsService {
  constructor(
    private readonly statements: StatementsRepository,
    private readonly runner: CommandRunner,
    private readonly runtime: WorkflowRuntime,
    private readonly reference: ReferenceService,
    private readonly policy: StatementPolicy,
    private readonly texts: StatementTextsService,
    private readonly views: StatementViewsService,
    private readonly events: StatementEventFactory,
    private readonly decisions: ProposalDecisionsService,
    private readonly clock: Clock,
    private readonly documents: DocumentsService,
    private readonly documentRows: DocumentsRepository,
  ) {}

  create(dto: CreateStatementDto, options: WriteOptions): Promise<CommandResult<StatementView>> {
    const { principal } = options;
    return this.runner.run(options, async (manager) => {
      const framework = await this.reference.requireFramework(dto.framework, manager);
      await this.policy.assertChair(principal, framework.code, this.clock.now(), manager);
      const at = await this.policy.effectiveTime(manager, principal, null, dto.at);
      const now = this.clock.now();
      const hash = sha256(dto.body);
      const statement = await this.runtime.start(
        manager,
        this.statements.newStatement(manager, {
          frameworkCode: framework.code,
          title: dto.title,
          titleTh: dto.titleTh ?? null,
          currentVersion: 1,
          currentHash: hash,
          createdBy: principal.id,
        }),
        { actor: principal, actorLabel: actorLabel(principal), recordedAt: now, at },
      );
      await this.texts.addFirstDraft(manager, statement, { body: dto.body, hash }, principal, now);
      return { status: options.status, body: await this.views.view(statement, principal, manager) };
    });
  }

  updateText(
    id: string,
    dto: UpdateTextDto,
    options: WriteOptions,
  ): Promise<CommandResult<StatementView>> {
    const { principal } = options;
    return this.write(id, options, async (manager, statement) => {
      const at = await this.policy.chairActTime(manager, principal, statement, dto.at);
      const version = { number: statement.currentVersion + 1, hash: sha256(dto.body) };
      const event: StatementEvent = { type: 'EDIT_TEXT', at: at.toISOString(), version };
      const decided = await this.decisions.checkDecisions(manager, statement.id, dto);
      // Whether the text can be edited now is the machine's to say (the runtime refuses with
      // text_not_editable); the version row written first goes with the refused transaction.
      await this.texts.addVersion(manager, statement, dto.body, dto.note, principal, version.hash);
      const details = { note: dto.note, ...decisionDetails(decided) };
      const changed = await this.runtime.apply(
        manager,
        statement,
        event,
        this.act(principal, details),
      );
      if (decided) await this.decisions.decide(manager, changed, decided, principal);
      return changed;
    });
  }

  dispatch(
    id: string,
    dto: StatementEventDto,
    options: WriteOptions,
  ): Promise<CommandResult<StatementView>> {
    const { principal } = options;
    return this.write(id, options, async (manager, statement) => {
      const at = await this.policy.chairActTime(manager, principal, statement, dto.at);
      // REVISE with a new text decides proposals as PUT /text does; no other event takes them.
      const decided = await this.decisions.checkEventDecisions(manager, statement.id, dto);
      const event = await this.events.toMachineEvent(manager, statement, dto, at, principal);
      const changed = await this.runtime.apply(
        manager,
        statement,
        event,
        this.act(principal, decisionDetails(decided)),
      );
      if (decided) await this.decisions.decide(manager, changed, decided, principal);
      return changed;
    });
  }

  /**
   * With a form (multipart), its file is the note verbale, stored with the position or neither
   * is: a form always takes the lock and one transaction, never the optimistic path.
   */
  async recordPosition(
    id: string,
    dto: RecordPositionDto,
    options: WriteOptions,
    form?: { file?: UploadedDocument },
  ): Promise<CommandResult<StatementView>> {
    const { principal } = options;
    const checked = form?.file ? await this.documents.check(form.file) : null;
    // On the member's behalf, the note verbale is the reference unless another one is given.
    if (checked && !dto.reference) dto.reference = `${checked.filename} (sha256 ${checked.sha256})`;
    return this.write(
      id,
      checked ? withFile(options, checked) : options,
      async (manager, statement, optimistic) => {
        const at = await this.policy.effectiveTime(manager, principal, statement.id, dto.at);
        const onBehalf = await this.policy.assertMayRecord(manager, principal, statement, dto);
        // An objection may point at the member's own proposals (kept in the audit event only).
        const cited = await this.decisions.checkCited(
          manager,
          statement.id,
          dto.member,
          dto.position,
          dto.proposalIds,
        );
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
        const recorded = await this.runtime.apply(
          manager,
          statement,
          { type: 'RECORD_POSITION', at: position.at, position },
          this.act(principal, cited ? { proposalIds: cited } : {}),
          { optimistic },
        );
        if (!checked) return recorded;
        const stored = await this.documentRows.standingPosition(manager, id, dto.member);
        const link = { kind: 'note_verbale' as const, position: stored, proposal: null };
        await this.documents.attach(manager, recorded, principal, checked, link, at);
        return recorded;
      },
      // The optimistic path writes the position alone: a form's note verbale needs the lock.
      { optimistic: !form },
    );
  }

  /**
   * Lock, check If-Match, change, answer with the new view: the frame of every write.
   *
   * With `optimistic` (recording a position), the change is first tried without the lock or a
   * transaction, when no Idempotency-Key asks for one: read the row, decide, and write it
   * in one statement only if the row is unchanged (three round trips with the sign-in's
   * instead of five). When the row changed meanwhile, or the transition writes more than that
   * statement holds (a round that settles), it is done again as any write is, under the lock.
   */
  private async write(
    id: string,
    options: WriteOptions,
    change: (
      manager: EntityManager,
      statement: StatementEntity,
      optimistic: boolean,
    ) => Promise<StatementEntity>,
    { optimistic = false }: { optimistic?: boolean } = {},
  ): Promise<CommandResult<StatementView>> {
    const answer = async (manager: EntityManager, changed: StatementEntity) => ({
      status: options.status,
      body: await this.views.view(changed, options.principal, manager),
    });
    if (optimistic && !options.idempotencyKey) {
      const manager = this.statements.manager;
      for (let attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt += 1) {
        const statement = await this.statements.read(manager, id);
        assertIfMatch(options, statement);
        try {
          return {
            ...(await answer(manager, await change(manager, statement, true))),
            replayed: false,
          };
        } catch (error) {
          if (!(error instanceof OptimisticWriteMissed)) throw error;
          if (error.reason === 'more_effects') break;
        }
      }
    }
    return this.runner.run(options, async (manager) => {
      const statement = await this.statements.lock(manager, id);
      assertIfMatch(options, statement);
      return answer(manager, await change(manager, statement, false));
    });
  }

  private act(principal: Principal, auditDetails: Record<string, unknown>): Act {
    return {
      actor: principal,
      actorLabel: actorLabel(principal),
      recordedAt: this.clock.now(),
      auditDetails,
    };
  }
}
