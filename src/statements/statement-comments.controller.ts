import { Body, Controller, Get, Headers, HttpStatus, Param, Post, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal } from '../common/auth.decorators';
import type { Principal } from '../common/auth.decorators';
import { ManagesIdempotency } from '../common/idempotency.interceptor';
import {
  ApiErrors,
  ApiIdempotencyKey,
  ApiOp,
  ApiSignedIn,
  WRITE_ERRORS,
} from '../common/openapi.decorators';
import {
  CommentDto,
  CommentsDto,
  CreateCommentDto,
  ReminderDto,
  SendReminderDto,
} from './dto/comments.dto';
import { StatementCommentsService } from './statement-comments.service';
import { StatementRemindersService } from './statement-reminders.service';
import { send, uuid, writeOptions } from './statements.controller';

/** Beside the procedure: comments on the text, and the chair's reminder to late members. */
@ApiTags('statements')
@ApiSignedIn()
@ManagesIdempotency()
@Controller('statements')
export class StatementCommentsController {
  constructor(
    private readonly comments: StatementCommentsService,
    private readonly reminders: StatementRemindersService,
  ) {}

  @Get(':id/comments')
  @ApiOp('listComments', 'The comments on the statement’s text, on every version, oldest first')
  @ApiOkResponse({ type: CommentsDto })
  @ApiErrors(400, 404)
  list(@Param('id', uuid) id: string, @CurrentPrincipal() principal: Principal) {
    return this.comments.list(id, principal);
  }

  @Post(':id/comments')
  @ApiOp('addComment', 'Comments on the current text version, or one of its paragraphs', {
    description:
      'Comments on the current text version (or one of its paragraphs, or in reply to another comment). A comment is not a position: the round does not change. 422 paragraph_out_of_range or reply_to_unknown; 403 for observers and members outside the electorate.',
  })
  @ApiIdempotencyKey()
  @ApiErrors(...WRITE_ERRORS, 404, 422)
  @ApiCreatedResponse({ type: CommentDto })
  async add(
    @Param('id', uuid) id: string,
    @Body() body: CreateCommentDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') key?: string,
  ) {
    return send(
      response,
      await this.comments.add(id, body, writeOptions(HttpStatus.CREATED, principal, request, key)),
    );
  }

  @Post(':id/reminders')
  @ApiOp('sendReminder', 'Reminds the outstanding members’ focal points now (chair)', {
    description:
      'Sends a reminder now to the focal points of the members still outstanding in the open round, at most once every 12 hours per round: 429 reminder_too_soon with Retry-After otherwise. 409 round_not_open or nobody_outstanding.',
  })
  @ApiIdempotencyKey()
  @ApiErrors(...WRITE_ERRORS, 404, 409)
  @ApiCreatedResponse({ type: ReminderDto })
  async remind(
    @Param('id', uuid) id: string,
    @Body() body: SendReminderDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') key?: string,
  ) {
    return send(
      response,
      await this.reminders.remind(
        id,
        body,
        writeOptions(HttpStatus.CREATED, principal, request, key),
      ),
    );
  }
}
