import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../common/auth.decorators';
import {
  AdrefError,
  AdrefErrorCode,
  assertUnreachable,
  forbidden,
  invalidInput,
} from '../common/adref.errors';
import { Clock } from '../common/clock';
import type { CommandResult } from '../engine/command-runner';
import { CommandRunner } from '../engine/command-runner';
import type { StatementEntity } from '../engine/statement.entity';
import {
  actorLabel,
  PROPOSAL_MADE,
  PROPOSAL_WITHDRAWN,
  restoreSnapshot,
  WorkflowRuntime,
} from '../engine/workflow.runtime';
import { dayOf } from '../reference/reference-day.util';
import { ReferenceService } from '../reference/reference.service';
import type { CreateProposalDto, ProposalView } from './dto/proposal.dto';
import { assertParagraphOf } from './paragraphs.util';
import { assertOpen } from './proposal-decisions.service';
import { ProposalViewsService } from './proposal-views.service';
import { ProposalsRepository } from './proposals.repository';
import { StatementPolicy } from './statement.policy';
import { StatementsRepository } from './statements.repository';
import type { WriteOptions } from './statements.service';

/** Where a member may propose text: while the text can be edited, or a round is open. */
const TAKES_PROPOSALS = new Set(['drafting', 'approved_in_principle', 'ad_referendum']);

/**
 * Text proposals: a member's focal point (or the secretariat on its behalf) proposes text for a
 * paragraph; the proposer withdraws it, or the chair decides it when making a new version. None
 * of it moves the procedure: made and withdrawn are notes in the signed history.
 */
@Injectable()
export class ProposalsService {
  constructor(
    private readonly proposals: ProposalsRepository,
    private readonly statements: StatementsRepository,
    private readonly views: ProposalViewsService,
    private readonly runner: CommandRunner,
    private readonly runtime: WorkflowRuntime,
    private readonly reference: ReferenceService,
    private readonly policy: StatementPolicy,
    private readonly clock: Clock,
  ) {}

  propose(
    id: string,
    dto: CreateProposalDto,
    options: WriteOptions,
  ): Promise<CommandResult<ProposalView>> {
    const { principal } = options;
    return this.runner.run(options, async (manager) => {
      const statement = await this.statements.lock(manager, id);
      if (!TAKES_PROPOSALS.has(statement.state)) {
        throw new AdrefError(
          AdrefErrorCode.PROPOSALS_CLOSED,
          `text proposals are taken while the text can be edited or a round is open; the statement is ${statement.state}`,
          { state: statement.state },
        );
      }
      const { member, onBehalf } = await this.proposer(manager, principal, statement, dto.member);
      await this.assertElector(manager, statement, member);
      const version = await this.statements.version(id, statement.currentVersion, manager);
      assertParagraphOf(version.body, version.number, dto.paragraph);
      const now = this.clock.now();
      const proposal = await this.proposals.add(manager, {
        statementId: id,
        memberCode: member,
        paragraph: dto.paragraph,
        versionNumber: version.number,
        versionHash: version.hash,
        text: dto.text,
        rationale: dto.rationale ?? null,
        proposedBy: principal.id,
        onBehalf,
        createdAt: now,
      });
      await this.runtime.note(manager, statement, {
        type: PROPOSAL_MADE,
        act: { actor: principal, actorLabel: actorLabel(principal), recordedAt: now, at: now },
        payload: {
          proposalId: proposal.id,
          member,
          paragraph: dto.paragraph,
          version: { number: version.number, hash: version.hash },
          text: dto.text,
          ...(dto.rationale ? { rationale: dto.rationale } : {}),
          onBehalf,
        },
      });
      return { status: options.status, body: await this.views.one(manager, id, proposal) };
    });
  }

  withdraw(
    id: string,
    proposalId: string,
    options: WriteOptions,
  ): Promise<CommandResult<ProposalView>> {
    const { principal } = options;
    return this.runner.run(options, async (manager) => {
      const statement = await this.statements.lock(manager, id);
      const [proposal] = await this.proposals.byIds(manager, id, [proposalId]);
      if (!proposal) {
        throw new AdrefError(AdrefErrorCode.NOT_FOUND, `proposal ${proposalId} not found`);
      }
      const ownMember =
        principal.role === 'focal_point' && principal.memberCode === proposal.memberCode;
      if (proposal.proposedBy !== principal.id && !ownMember) {
        throw forbidden('only the proposer (or a focal point of its member) withdraws a proposal');
      }
      assertOpen(proposal);
      const now = this.clock.now();
      await this.proposals.setState(manager, proposal.id, {
        state: 'withdrawn',
        decidedInVersion: null,
        decidedAt: now,
        decidedBy: principal.id,
        reason: null,
      });
      await this.runtime.note(manager, statement, {
        type: PROPOSAL_WITHDRAWN,
        act: { actor: principal, actorLabel: actorLabel(principal), recordedAt: now, at: now },
        payload: { proposalId: proposal.id, member: proposal.memberCode },
      });
      const withdrawn = {
        ...proposal,
        state: 'withdrawn' as const,
        decidedAt: now,
        decidedBy: principal.id,
      };
      return { status: options.status, body: await this.views.one(manager, id, withdrawn) };
    });
  }

  /** Who proposes for whom: a focal point for its own member, the secretariat on a member's behalf. */
  private async proposer(
    manager: EntityManager,
    principal: Principal,
    statement: StatementEntity,
    member: string | undefined,
  ): Promise<{ member: string; onBehalf: boolean }> {
    switch (principal.role) {
      case 'focal_point':
        if (member !== undefined && member !== principal.memberCode) {
          throw forbidden(
            `a focal point of ${principal.memberCode} proposes for ${principal.memberCode} only`,
          );
        }
        return { member: principal.memberCode!, onBehalf: false };
      case 'chair_secretariat':
      case 'admin':
        await this.policy.assertChair(
          principal,
          statement.frameworkCode,
          this.clock.now(),
          manager,
        );
        if (!member) {
          throw invalidInput('member is required when proposing on a member’s behalf', {
            fields: [{ field: 'member', problems: ['member is required on behalf of a member'] }],
          });
        }
        return { member, onBehalf: true };
      case 'observer':
        throw forbidden('observers read; they do not propose text');
      default:
        return assertUnreachable(principal.role);
    }
  }

  /** The open round's electorate, or the framework's members today while the text is a draft. */
  private async assertElector(
    manager: EntityManager,
    statement: StatementEntity,
    member: string,
  ): Promise<void> {
    const round = restoreSnapshot(statement).context.round;
    const electorate =
      statement.state === 'ad_referendum' && round
        ? round.electorate
        : await this.reference.electorateOn(
            statement.frameworkCode,
            dayOf(this.clock.now()),
            manager,
          );
    if (!electorate.includes(member)) {
      throw new AdrefError(
        AdrefErrorCode.MEMBER_NOT_IN_ELECTORATE,
        `${member} is not among the members of ${statement.frameworkCode} who answer on this text`,
        { member, electorate },
      );
    }
  }
}
