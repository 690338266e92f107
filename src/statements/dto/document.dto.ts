import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { DOCUMENT_KINDS } from '../../engine/document.entity';
import type { DocumentKind } from '../../engine/document.entity';
import { ApiInstant } from '../../common/openapi.decorators';
import { RecordPositionDto } from './position.dto';

/** The fields of the upload form beside its `file`. */
export class UploadDocumentDto {
  @ApiProperty({ enum: DOCUMENT_KINDS, example: 'note_verbale' })
  @IsIn(DOCUMENT_KINDS, { message: `kind must be one of ${DOCUMENT_KINDS.join(', ')}` })
  kind: DocumentKind;

  @ApiPropertyOptional({ format: 'uuid', description: 'The position the document goes with' })
  @IsOptional()
  @IsUUID('all', { message: 'positionId must be a UUID' })
  positionId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The text proposal it goes with' })
  @IsOptional()
  @IsUUID('all', { message: 'proposalId must be a UUID' })
  proposalId?: string;
}

/** The upload form as OpenAPI describes it: the fields and the file. */
export class UploadDocumentFormDto extends UploadDocumentDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: 'PDF, image or office document, at most 20 MB; its type is read from the content',
  })
  file: unknown;
}

/** A position with its note verbale, as one form. */
export class RecordPositionFormDto extends RecordPositionDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: 'The note verbale (PDF, image or office document, at most 20 MB)',
  })
  file: unknown;
}

export class DocumentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) statementId: string;
  @ApiProperty({ enum: DOCUMENT_KINDS }) kind: DocumentKind;
  @ApiProperty({ example: 'note-verbale-THA.pdf' }) filename: string;
  @ApiProperty({ description: 'Judged from the content', example: 'application/pdf' })
  contentType: string;
  @ApiProperty({ description: 'Bytes', example: 48213 }) size: number;
  @ApiProperty({ description: 'sha256 (hex) of the bytes, as in the audit event' })
  sha256: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) positionId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) proposalId: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'THA' }) member: string | null;
  @ApiProperty({ format: 'uuid' }) uploadedBy: string;
  @ApiInstant() uploadedAt: string;
  @ApiProperty({
    description: 'Where the bytes are: GET this path',
    example: '/api/v1/documents/…',
  })
  href: string;
}
