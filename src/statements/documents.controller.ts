import {
  Body,
  Controller,
  Get,
  Headers,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
  StreamableFile,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal } from '../common/auth.decorators';
import type { Principal } from '../common/auth.decorators';
import { invalidInput } from '../common/adref.errors';
import { attachmentDisposition } from '../common/document-type.util';
import { DocumentUploadInterceptor, uploadedFile } from '../common/document-upload.interceptor';
import { ManagesIdempotency, parseIdempotencyKey } from '../common/idempotency.interceptor';
import { ApiErrors, ApiIdempotencyKey, ApiOp, ApiSignedIn } from '../common/openapi.decorators';
import { DocumentDto, UploadDocumentDto, UploadDocumentFormDto } from './dto/document.dto';
import { DocumentsService } from './documents.service';

const uuid = (what: string) =>
  new ParseUUIDPipe({ exceptionFactory: () => invalidInput(`the ${what} id must be a UUID`) });

@ApiTags('documents')
@ApiSignedIn()
// The upload claims its Idempotency-Key inside its own transaction (CommandRunner).
@ManagesIdempotency()
@Controller()
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post('statements/:id/documents')
  @UseInterceptors(DocumentUploadInterceptor)
  @ApiOp('attachDocument', 'Attaches a document (note verbale, annex, draft) to a statement', {
    description:
      'multipart/form-data with `file` (PDF, image or office document, at most 20 MB; the type is read from the content) and `kind`. Stored unchangeable, with its sha256 in the audit event that attaches it. 413 document_too_large, 415 document_type_refused, 400 document_missing.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadDocumentFormDto })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: DocumentDto })
  @ApiErrors(400, 404, 409, 413, 415, 422, 429)
  async upload(
    @Param('id', uuid('statement')) id: string,
    @Body() body: UploadDocumentDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') key?: string,
  ): Promise<DocumentDto> {
    const result = await this.documents.upload(id, body, uploadedFile(request), {
      principal,
      status: HttpStatus.CREATED,
      idempotencyKey: parseIdempotencyKey(key),
      request: { method: request.method, path: request.path, body: request.body },
    });
    response.status(result.status);
    if (result.replayed) response.setHeader('Idempotent-Replayed', 'true');
    return result.body;
  }

  @Get('statements/:id/documents')
  @ApiOp('listDocuments', 'The documents of a statement, without their bytes')
  @ApiOkResponse({ type: [DocumentDto] })
  @ApiErrors(400, 404)
  list(
    @Param('id', uuid('statement')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DocumentDto[]> {
    return this.documents.list(id, principal);
  }

  @Get('documents/:id')
  @ApiOp('getDocument', 'The bytes of a document, as they were attached')
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({
    description: 'The document, with the type read from its content',
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrors(400, 404)
  async content(
    @Param('id', uuid('document')) id: string,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const document = await this.documents.content(id, principal);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('X-Document-Sha256', document.sha256);
    return new StreamableFile(document.content, {
      type: document.contentType,
      length: document.size,
      disposition: attachmentDisposition(document.filename),
    });
  }
}
