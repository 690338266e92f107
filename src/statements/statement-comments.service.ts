import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../common/auth.decorators';
import { AdrefError, AdrefErrorCode, assertUnreachable, forbidden } from '../common/adref.errors';
import { Clock } from '../common/clock';
import { CommandResult, CommandRunner } from '../engine/command-runner';
import type { StatementEntity } from '../engine/statement.entity';
import {
  actorLabel,
  COMMENT_ADDED,
  restoreSnapshot,
  WorkflowRuntime,
} from '../engine/workflow.runtime';
import { ReferenceService } from '../reference/reference.service';
import { dayOf } from '../reference/reference-day.util';
import type { CommentEntity } from './comment.entity';
import { CommentsRepository } from './comments.repository';
import type { CommentDto, CommentsDto, CreateCommentDto } from './dto/comments.dto';
import { assertParagraphOf } from './paragraphs.util';
import { StatementPolicy } from './statement.policy';
import type { WriteOptions } from './statements.service';
import { StatementsRepository } from './statements.repository';

export const commentView = (comment: CommentEntity): CommentDto => ({
  id: comment.id,
  statementId: comment.statementId,
  version: { number: comment.versionNumber, hash: comment.versionHash },
  paragraph: comment.paragraph,
  replyTo: comment.replyToId,
  text: comment.text,
  author: { id: comment.authorId, label: comment.authorLabel, member: comment.memberCode },
  createdAt: comment.createdAt.toISOString(),
});

/**
 * Comments on a statement's text: written by the electors' focal points, the chair's
 * secretariat and admins, read by everyone signed in. A comment is recorded in the history as
 * a note; it is not a position and never moves the round.
 */
@Injectable()
export class StatementCommentsService {
  constructor(
    private readonly statements: StatementsRepository,
    private readonly comments: CommentsRepository,
    private readonly runner: CommandRunner,
    private readonly runtime: WorkflowRuntime,
    private readonly policy: StatementPolicy,
    private readonly reference: ReferenceService,
    private readonly clock: Clock,
  ) {}

  async list(id: string, principal: Principal): Promise<CommentsDto> {
    const statement = await this.statements.find(id);
    return {
      comments: (await this.comments.list(id)).map(commentView),
      mayComment: (await this.refusal(principal, statement)) === null,
    };
  }

  add(
    id: string,
    dto: CreateCommentDto,
    options: WriteOptions,
  ): Promise<CommandResult<CommentDto>> {
    const { principal } = options;
    return this.runner.run(options, async (manager) => {
      const statement = await this.statements.lock(manager, id);
      const refused = await this.refusal(principal, statement, manager);
      if (refused) throw forbidden(refused);
      const number = statement.currentVersion;
      const paragraph = dto.paragraph ?? null;
      if (paragraph !== null) {
        const body = (await this.comments.versionBody(manager, id, number)) ?? '';
        assertParagraphOf(body, number, paragraph);
      }
      if (dto.replyTo && !(await this.comments.findOfStatement(manager, id, dto.replyTo))) {
        throw new AdrefError(
          AdrefErrorCode.REPLY_TO_UNKNOWN,
          `replyTo ${dto.replyTo} is not a comment on this statement`,
          { field: 'replyTo' },
        );
      }
      const now = this.clock.now();
      const label = actorLabel(principal);
      const comment = await this.comments.insert(manager, {
        statementId: id,
        versionNumber: number,
        versionHash: statement.currentHash,
        paragraph,
        replyToId: dto.replyTo ?? null,
        text: dto.text,
        authorId: principal.id,
        authorLabel: label,
        memberCode: principal.memberCode,
        createdAt: now,
      });
      await this.runtime.note(manager, statement, {
        type: COMMENT_ADDED,
        act: { actor: principal, actorLabel: label, recordedAt: now, at: now },
        payload: {
          commentId: comment.id,
          version: { number, hash: statement.currentHash },
          paragraph,
          replyTo: comment.replyToId,
          member: principal.memberCode,
          text: dto.text,
        },
      });
      return { status: options.status, body: commentView(comment) };
    });
  }

  /**
   * Why the principal may not comment, or null: focal points of the electorate (the round's, or
   * before any round the framework's members today), the chair's secretariat, admins.
   */
  private async refusal(
    principal: Principal,
    statement: StatementEntity,
    manager?: EntityManager,
  ): Promise<string | null> {
    const now = this.clock.now();
    switch (principal.role) {
      case 'admin':
        return null;
      case 'chair_secretariat':
        return (await this.policy.chairsOn(principal, statement.frameworkCode, now, manager))
          ? null
          : `only the secretariat of the ${statement.frameworkCode} chair comments; ${principal.memberCode} does not chair it`;
      case 'focal_point': {
        const round = restoreSnapshot(statement).context.round;
        const electorate =
          round?.electorate ??
          (await this.reference.electorateOn(statement.frameworkCode, dayOf(now), manager));
        return principal.memberCode && electorate.includes(principal.memberCode)
          ? null
          : `${principal.memberCode} is not an elector of this statement; its focal points read comments`;
      }
      case 'observer':
        return 'observers read comments; they do not write them';
      default:
        return assertUnreachable(principal.role);
    }
  }
}
