import {
  applyDecorators,
  Body,
  Controller,
  Get,
  Headers,
  Param,
  ParseUUIDPipe,
  PipeTransform,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiHeader,
  ApiTags,
  getSchemaPath,
  ApiExtraModels,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/auth.decorators';
import { invalidInput } from '../common/adref.errors';
import { ManagesIdempotency } from '../common/idempotency.interceptor';
import type { CommandResult } from '../workflow/command-runner';
import { RecordPositionDto } from './dto/position.dto';
import { CreateStatementDto, ListStatementsQueryDto, UpdateTextDto } from './dto/statement.dto';
import { EVENT_DTOS } from './dto/statement-event.dto';
import type { StatementEventDto } from './dto/statement-event.dto';
import { StatementEventPipe } from './statement-event.pipe';
import { StatementsService, WriteOptions } from './statements.service';

const uuid = new ParseUUIDPipe({
  exceptionFactory: () => invalidInput('the statement id must be a UUID'),
});
/** A text version number: a positive whole number that fits the database's integer. */
class VersionNumberPipe implements PipeTransform<string, number> {
  constructor(private readonly name: string) {}

  transform(value: string): number {
    const number = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
    if (!(number >= 1 && number <= 2_147_483_647)) {
      throw invalidInput(`${this.name} must be a version number (1, 2, …)`);
    }
    return number;
  }
}
const versionNumber = (name: string) => new VersionNumberPipe(name);

/** If-Match carries the lockVersion the client last saw: `3` or `"3"`. */
function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(header);
  if (!match)
    throw invalidInput('If-Match must be the lockVersion you last read, e.g. If-Match: 3');
  return Number(match[1]);
}

function parseIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(header)) {
    throw invalidInput('Idempotency-Key must be 1 to 200 visible ASCII characters');
  }
  return header;
}

const idempotencyHeader = ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'A repeat returns the first answer and changes nothing',
});
const ifMatchHeader = ApiHeader({
  name: 'If-Match',
  required: false,
  description: 'The lockVersion last read; 409 when stale',
});
const Write = (withIfMatch = true) =>
  withIfMatch
    ? applyDecorators(idempotencyHeader, ifMatchHeader)
    : applyDecorators(idempotencyHeader);

@ApiTags('statements')
@ApiBearerAuth()
@ApiExtraModels(...Object.values(EVENT_DTOS))
// Its writes claim Idempotency-Key inside their own transaction (CommandRunner).
@ManagesIdempotency()
@Controller('statements')
export class StatementsController {
  constructor(private readonly statements: StatementsService) {}

  @Post()
  @Write(false)
  async create(
    @Body() body: CreateStatementDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') key?: string,
  ) {
    return send(
      response,
      await this.statements.create(body, writeOptions(principal, request, key)),
    );
  }

  @Get()
  list(@Query() query: ListStatementsQueryDto) {
    return this.statements.list(query);
  }

  @Get(':id')
  get(@Param('id', uuid) id: string, @CurrentPrincipal() principal: Principal) {
    return this.statements.get(id, principal);
  }

  @Put(':id/text')
  @Write()
  async updateText(
    @Param('id', uuid) id: string,
    @Body() body: UpdateTextDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    return send(
      response,
      await this.statements.updateText(id, body, writeOptions(principal, request, key, ifMatch)),
    );
  }

  @Get(':id/versions')
  versions(@Param('id', uuid) id: string) {
    return this.statements.versions(id);
  }

  @Get(':id/versions/:n')
  version(@Param('id', uuid) id: string, @Param('n', versionNumber('n')) n: number) {
    return this.statements.version(id, n);
  }

  @Get(':id/versions/:a/diff/:b')
  diff(
    @Param('id', uuid) id: string,
    @Param('a', versionNumber('a')) a: number,
    @Param('b', versionNumber('b')) b: number,
  ) {
    return this.statements.diff(id, a, b);
  }

  @Post(':id/events')
  @Write()
  @ApiBody({
    schema: { oneOf: Object.values(EVENT_DTOS).map((dto) => ({ $ref: getSchemaPath(dto) })) },
  })
  async event(
    @Param('id', uuid) id: string,
    @Body(StatementEventPipe) body: StatementEventDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    return send(
      response,
      await this.statements.dispatch(id, body, writeOptions(principal, request, key, ifMatch)),
    );
  }

  @Post(':id/positions')
  @Write()
  async position(
    @Param('id', uuid) id: string,
    @Body() body: RecordPositionDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') key?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    return send(
      response,
      await this.statements.recordPosition(
        id,
        body,
        writeOptions(principal, request, key, ifMatch),
      ),
    );
  }

  @Get(':id/history')
  history(@Param('id', uuid) id: string) {
    return this.statements.history(id);
  }
}

function writeOptions(
  principal: Principal,
  request: Request,
  idempotencyKey?: string,
  ifMatch?: string,
): WriteOptions {
  return {
    principal,
    idempotencyKey: parseIdempotencyKey(idempotencyKey),
    ifMatch: parseIfMatch(ifMatch),
    request: { method: request.method, path: request.path, body: request.body },
  };
}

function send<T>(response: Response, result: CommandResult<T>): T {
  response.status(result.status);
  if (result.replayed) response.setHeader('Idempotent-Replayed', 'true');
  return result.body;
}
