import {
  applyDecorators,
  Body,
  Controller,
  Get,
  Headers,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  PipeTransform,
  Post,
  Put,
  Query,
  Req,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtension,
  ApiExtraModels,
  ApiOkResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal } from '../common/auth.decorators';
import type { Principal } from '../common/auth.decorators';
import { invalidInput } from '../common/adref.errors';
import { ManagesIdempotency } from '../common/idempotency.interceptor';
import { DocumentUploadInterceptor, uploadedForm } from '../common/document-upload.interceptor';
import {
  ApiErrors,
  ApiIdempotencyKey,
  ApiIfMatch,
  ApiOp,
  ApiSignedIn,
  WRITE_ERRORS,
} from '../common/openapi.decorators';
import type { CommandResult } from '../engine/command-runner';
import { RecordPositionDto } from './dto/position.dto';
import { RecordPositionFormDto } from './dto/document.dto';
import { CreateStatementDto, ListStatementsQueryDto, UpdateTextDto } from './dto/statement.dto';
import { EVENT_DTOS } from './dto/statement-event.dto';
import type { StatementEventDto } from './dto/statement-event.dto';
import {
  StatementDto,
  StatementHistoryDto,
  StatementsPageDto,
  TextDiffDto,
  TextVersionDto,
  TextVersionMetaDto,
} from './dto/statement-view.dto';
import { StatementEventPipe } from './statement-event.pipe';
import { StatementTextsService } from './statement-texts.service';
import { StatementViewsService } from './statement-views.service';
import { StatementsService, WriteOptions } from './statements.service';

export const uuid = new ParseUUIDPipe({
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

/** A write: optional Idempotency-Key (and If-Match), answered with the statement. */
const Write = (withIfMatch = true) =>
  applyDecorators(
    ApiIdempotencyKey(),
    ...(withIfMatch ? [ApiIfMatch()] : []),
    ApiErrors(...WRITE_ERRORS, 404, 409, 422),
  );

@ApiTags('statements')
@ApiSignedIn()
@ApiExtraModels(...Object.values(EVENT_DTOS))
// Its writes claim Idempotency-Key inside their own transaction (CommandRunner).
@ManagesIdempotency()
@Controller('statements')
export class StatementsController {
  constructor(
    private readonly statements: StatementsService,
    private readonly views: StatementViewsService,
    private readonly texts: StatementTextsService,
  ) {}

  @Post()
  @ApiOp('createStatement', 'Launches a statement with its first draft (state drafting)')
  @Write(false)
  @ApiCreatedResponse({ type: StatementDto })
  async create(
    @Body() body: CreateStatementDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') key?: string,
  ) {
    return send(
      response,
      await this.statements.create(body, writeOptions(HttpStatus.CREATED, principal, request, key)),
    );
  }

  @Get()
  @ApiOp('listStatements', 'The board: statements by state, framework, pending member or overdue')
  @ApiOkResponse({ type: StatementsPageDto })
  @ApiErrors(400)
  list(@Query() query: ListStatementsQueryDto) {
    return this.views.list(query);
  }

  @Get(':id')
  @ApiOp('getStatement', 'A statement, its round and the events the caller may send now')
  @ApiOkResponse({ type: StatementDto })
  @ApiErrors(400, 404, 409)
  get(@Param('id', uuid) id: string, @CurrentPrincipal() principal: Principal) {
    return this.views.get(id, principal);
  }

  @Put(':id/text')
  @ApiOp('updateText', 'Stores a new version of the text while it may be edited')
  @Write()
  @ApiOkResponse({ type: StatementDto })
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
      await this.statements.updateText(
        id,
        body,
        writeOptions(HttpStatus.OK, principal, request, key, ifMatch),
      ),
    );
  }

  @Get(':id/versions')
  @ApiOp('listVersions', 'Every version of the text, without the bodies')
  @ApiOkResponse({ type: [TextVersionMetaDto] })
  @ApiErrors(400, 404)
  versions(@Param('id', uuid) id: string) {
    return this.texts.versions(id);
  }

  @Get(':id/versions/:n')
  @ApiOp('getVersion', 'One version of the text, with its body')
  @ApiOkResponse({ type: TextVersionDto })
  @ApiErrors(400, 404)
  version(@Param('id', uuid) id: string, @Param('n', versionNumber('n')) n: number) {
    return this.texts.version(id, n);
  }

  @Get(':id/versions/:a/diff/:b')
  @ApiOp('diffVersions', 'What changed between two versions of the text')
  @ApiOkResponse({ type: TextDiffDto })
  @ApiErrors(400, 404)
  diff(
    @Param('id', uuid) id: string,
    @Param('a', versionNumber('a')) a: number,
    @Param('b', versionNumber('b')) b: number,
  ) {
    return this.texts.diff(id, a, b);
  }

  @Post(':id/events')
  @ApiOp('sendEvent', 'Sends an event of the procedure (SUBMIT_TO_SOM, OPEN_AD_REFERENDUM, …)', {
    description:
      'Sends an event of the procedure; the body’s fields depend on its `type`. 409 event_not_allowed when the state or the caller’s role does not allow it.',
  })
  @Write()
  @ApiBody({
    schema: { oneOf: Object.values(EVENT_DTOS).map((dto) => ({ $ref: getSchemaPath(dto) })) },
  })
  @ApiOkResponse({ type: StatementDto })
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
      await this.statements.dispatch(
        id,
        body,
        writeOptions(HttpStatus.OK, principal, request, key, ifMatch),
      ),
    );
  }

  @Post(':id/positions')
  // A form instead of JSON: the secretariat's position on a member's behalf with its note verbale.
  @UseInterceptors(DocumentUploadInterceptor)
  @ApiOp('recordPosition', 'Records a member’s position in the open round', {
    description:
      'Records a member’s position in the open round. As multipart/form-data, the same fields and a `file`: the note verbale, stored with the position in one transaction (a refused file stores neither; 413 document_too_large, 415 document_type_refused).',
  })
  @Write()
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiExtraModels(RecordPositionFormDto)
  @ApiExtension('x-adref-multipart-form', getSchemaPath(RecordPositionFormDto))
  @ApiCreatedResponse({ type: StatementDto })
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
        writeOptions(HttpStatus.CREATED, principal, request, key, ifMatch),
        uploadedForm(request),
      ),
    );
  }

  @Get(':id/history')
  @ApiOp('getHistory', 'The hash-chained, signed audit trail, oldest first')
  @ApiOkResponse({ type: StatementHistoryDto })
  @ApiErrors(400, 404)
  history(@Param('id', uuid) id: string) {
    return this.views.history(id);
  }
}

/** The status is this route's answer to a success; a replay answers with the same. */
export function writeOptions(
  status: HttpStatus,
  principal: Principal,
  request: Request,
  idempotencyKey?: string,
  ifMatch?: string,
): WriteOptions {
  return {
    principal,
    status,
    idempotencyKey: parseIdempotencyKey(idempotencyKey),
    ifMatch: parseIfMatch(ifMatch),
    request: { method: request.method, path: request.path, body: request.body },
  };
}

export function send<T>(response: Response, result: CommandResult<T>): T {
  response.status(result.status);
  if (result.replayed) response.setHeader('Idempotent-Replayed', 'true');
  return result.body;
}
