import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal } from '../common/auth.decorators';
import type { Principal } from '../common/auth.decorators';
import { invalidInput } from '../common/adref.errors';
import { ManagesIdempotency } from '../common/idempotency.interceptor';
import {
  ApiErrors,
  ApiIdempotencyKey,
  ApiOp,
  ApiSignedIn,
  WRITE_ERRORS,
} from '../common/openapi.decorators';
import { ConsolidatedProposalsView, CreateProposalDto, ProposalView } from './dto/proposal.dto';
import { ProposalViewsService } from './proposal-views.service';
import { ProposalsService } from './proposals.service';
import { send, writeOptions } from './statements.controller';

const uuid = (what: string) =>
  new ParseUUIDPipe({ exceptionFactory: () => invalidInput(`the ${what} id must be a UUID`) });

@ApiTags('proposals')
@ApiSignedIn()
// Its writes claim Idempotency-Key inside their own transaction (CommandRunner).
@ManagesIdempotency()
@Controller('statements')
export class ProposalsController {
  constructor(
    private readonly proposals: ProposalsService,
    private readonly views: ProposalViewsService,
  ) {}

  @Post(':id/proposals')
  @ApiOp('createProposal', 'Proposes text for one paragraph of the current version', {
    description:
      'From a member’s focal point, or the chair’s secretariat on a member’s behalf (with `member`), while the text can be edited or a round is open. Never blocks a round: to block, object (and point the objection at the proposals with `proposalIds`).',
  })
  @ApiIdempotencyKey()
  @ApiErrors(...WRITE_ERRORS, 404, 409, 422)
  @ApiCreatedResponse({ type: ProposalView })
  async create(
    @Param('id', uuid('statement')) id: string,
    @Body() body: CreateProposalDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') key?: string,
  ) {
    return send(
      response,
      await this.proposals.propose(
        id,
        body,
        writeOptions(HttpStatus.CREATED, principal, request, key),
      ),
    );
  }

  @Get(':id/proposals')
  @ApiOp(
    'listProposals',
    'The consolidated view: each paragraph of the current text with every proposal on it',
  )
  @ApiOkResponse({ type: ConsolidatedProposalsView })
  @ApiErrors(400, 404)
  list(@Param('id', uuid('statement')) id: string) {
    return this.views.consolidated(id);
  }

  @Post(':id/proposals/:pid/withdraw')
  @HttpCode(HttpStatus.OK)
  @ApiOp('withdrawProposal', 'The proposer withdraws its own open proposal')
  @ApiIdempotencyKey()
  @ApiErrors(...WRITE_ERRORS, 404, 409)
  @ApiOkResponse({ type: ProposalView })
  async withdraw(
    @Param('id', uuid('statement')) id: string,
    @Param('pid', uuid('proposal')) pid: string,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') key?: string,
  ) {
    return send(
      response,
      await this.proposals.withdraw(id, pid, writeOptions(HttpStatus.OK, principal, request, key)),
    );
  }
}
