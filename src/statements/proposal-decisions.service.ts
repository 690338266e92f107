import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../common/auth.decorators';
import { AdrefError, AdrefErrorCode, invalidInput } from '../common/adref.errors';
import { Clock } from '../common/clock';
import { OutboxRepository } from '../engine/outbox.repository';
import type { StatementEntity } from '../engine/statement.entity';
import type { ProposalDecisionsDto } from './dto/proposal.dto';
import type { StatementEventDto } from './dto/statement-event.dto';
import type { ProposalEntity } from './proposal.entity';
import { ProposalsRepository } from './proposals.repository';

/** The decisions a new version carries, checked: each an open proposal of the statement. */
export interface CheckedDecisions {
  accepted: ProposalEntity[];
  rejected: { proposal: ProposalEntity; reason: string }[];
}

/** What the audit event of a new version says about the proposals it decided. */
export function decisionDetails(decided: CheckedDecisions | null): Record<string, unknown> {
  if (!decided) return {};
  return {
    proposals: {
      accepted: decided.accepted.map((proposal) => proposal.id),
      rejected: decided.rejected.map(({ proposal, reason }) => ({ id: proposal.id, reason })),
    },
  };
}

/** The chair deciding proposals with a new version, and an objection pointing at proposals. */
@Injectable()
export class ProposalDecisionsService {
  constructor(
    private readonly proposals: ProposalsRepository,
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
  ) {}

  /** REVISE decides proposals as PUT /text does, with its new body; no other event takes them. */
  checkEventDecisions(
    manager: EntityManager,
    statementId: string,
    dto: StatementEventDto,
  ): Promise<CheckedDecisions | null> {
    if (!dto.accepted?.length && !dto.rejected?.length) return Promise.resolve(null);
    if (dto.type !== 'REVISE' || dto.body === undefined) {
      throw invalidInput('accepted and rejected go with REVISE and its new body', {
        fields: [{ field: 'body', problems: ['body is required to decide proposals'] }],
      });
    }
    return this.checkDecisions(manager, statementId, dto);
  }

  /**
   * Checks a new version's decisions before anything is written: each id once, each an open
   * proposal of this statement (422 unknown_proposal, 409 proposal_not_open otherwise).
   */
  async checkDecisions(
    manager: EntityManager,
    statementId: string,
    dto: ProposalDecisionsDto,
  ): Promise<CheckedDecisions | null> {
    const accepted = dto.accepted ?? [];
    const rejected = dto.rejected ?? [];
    if (accepted.length === 0 && rejected.length === 0) return null;
    const ids = [...accepted, ...rejected.map((r) => r.id)];
    const twice = ids.find((pid, index) => ids.indexOf(pid) !== index);
    if (twice) {
      throw new AdrefError(
        AdrefErrorCode.PROPOSAL_DECIDED_TWICE,
        `proposal ${twice} is named more than once in accepted and rejected`,
        { proposalId: twice },
      );
    }
    const byId = new Map(
      (await this.proposals.byIds(manager, statementId, ids)).map((p) => [p.id, p]),
    );
    const found = (pid: string) => {
      const proposal = byId.get(pid);
      if (!proposal) {
        throw new AdrefError(
          AdrefErrorCode.UNKNOWN_PROPOSAL,
          `proposal ${pid} is not a proposal on this statement`,
          { proposalId: pid },
        );
      }
      return assertOpen(proposal);
    };
    return {
      accepted: accepted.map(found),
      rejected: rejected.map((r) => ({ proposal: found(r.id), reason: r.reason })),
    };
  }

  /**
   * Records each proposal's fate with the version that decided it, and tells each proposer (the
   * user who made it and the member's focal points) through the outbox, in the same transaction.
   */
  async decide(
    manager: EntityManager,
    statement: StatementEntity,
    decisions: CheckedDecisions,
    principal: Principal,
  ): Promise<void> {
    const now = this.clock.now();
    const version = statement.currentVersion;
    const fates = [
      ...decisions.accepted.map((proposal) => ({
        proposal,
        state: 'accepted' as const,
        reason: null,
      })),
      ...decisions.rejected.map(({ proposal, reason }) => ({
        proposal,
        state: 'rejected' as const,
        reason,
      })),
    ];
    for (const { proposal, state, reason } of fates) {
      await this.proposals.setState(manager, proposal.id, {
        state,
        decidedInVersion: version,
        decidedAt: now,
        decidedBy: principal.id,
        reason,
      });
    }
    const members = [...new Set(fates.map((fate) => fate.proposal.memberCode))];
    for (const member of members) {
      const own = fates.filter((fate) => fate.proposal.memberCode === member);
      await this.outbox.add(manager, {
        statementId: statement.id,
        kind: 'proposals_decided',
        createdAt: now,
        payload: {
          statementId: statement.id,
          title: statement.title,
          titleTh: statement.titleTh,
          framework: statement.frameworkCode,
          state: statement.state,
          version: { number: version, hash: statement.currentHash },
          member,
          proposers: [...new Set(own.map((fate) => fate.proposal.proposedBy))],
          decisions: own.map(({ proposal, state, reason }) => ({
            id: proposal.id,
            paragraph: proposal.paragraph,
            versionNumber: proposal.versionNumber,
            text: proposal.text,
            state,
            reason,
          })),
        },
      });
    }
  }

  /** An objection's proposalIds: the member's own open proposals on this statement. */
  async checkCited(
    manager: EntityManager,
    statementId: string,
    member: string,
    position: string,
    proposalIds: string[] | undefined,
  ): Promise<string[] | null> {
    if (!proposalIds || proposalIds.length === 0) return null;
    if (position !== 'object') {
      throw new AdrefError(
        AdrefErrorCode.PROPOSALS_NEED_OBJECTION,
        `proposalIds go with an objection, not with ${position}`,
        { field: 'proposalIds' },
      );
    }
    const unique = [...new Set(proposalIds)];
    const byId = new Map(
      (await this.proposals.byIds(manager, statementId, unique)).map((p) => [p.id, p]),
    );
    for (const pid of unique) {
      const proposal = byId.get(pid);
      if (!proposal) {
        throw new AdrefError(
          AdrefErrorCode.UNKNOWN_PROPOSAL,
          `proposal ${pid} is not a proposal on this statement`,
          { proposalId: pid },
        );
      }
      if (proposal.memberCode !== member) {
        throw new AdrefError(
          AdrefErrorCode.PROPOSAL_OF_OTHER_MEMBER,
          `proposal ${pid} was made for ${proposal.memberCode}, not ${member}`,
          { proposalId: pid },
        );
      }
    }
    return unique;
  }
}

/** 409 proposal_not_open unless the proposal is still open. */
export function assertOpen(proposal: ProposalEntity): ProposalEntity {
  if (proposal.state !== 'open') {
    throw new AdrefError(
      AdrefErrorCode.PROPOSAL_NOT_OPEN,
      `proposal ${proposal.id} is ${proposal.state}, no longer open`,
      { proposalId: proposal.id, state: proposal.state },
    );
  }
  return proposal;
}
