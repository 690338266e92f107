import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min, MaxLength } from 'class-validator';
import { ApiInstant } from '../../common/openapi.decorators';

/** As long as a position's text (a reservation or an objection's reasons) may be. */
export const MAX_COMMENT_CHARS = 20_000;
export const MAX_REMINDER_MESSAGE_CHARS = 2_000;

export class CreateCommentDto {
  @ApiProperty({
    example: 'Could paragraph 2 name the regional programme?',
    maxLength: MAX_COMMENT_CHARS,
  })
  @IsString()
  @Matches(/\S/, { message: 'text must not be empty' })
  @MaxLength(MAX_COMMENT_CHARS)
  text: string;

  @ApiPropertyOptional({
    description: '1-based paragraph of the current text version the comment is on',
    minimum: 1,
    example: 2,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  paragraph?: number;

  @ApiPropertyOptional({ description: 'The comment (of the same statement) this one answers' })
  @IsOptional()
  @IsUUID()
  replyTo?: string;
}

export class CommentVersionDto {
  @ApiProperty({ example: 1 }) number: number;
  @ApiProperty({ description: 'sha256 of the text version the comment was written on' })
  hash: string;
}

export class CommentAuthorDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'Somchai P. (focal_point, THA)' }) label: string;
  @ApiProperty({ type: String, nullable: true, example: 'THA' }) member: string | null;
}

export class CommentDto {
  @ApiProperty() id: string;
  @ApiProperty() statementId: string;
  @ApiProperty({ type: CommentVersionDto }) version: CommentVersionDto;
  @ApiProperty({ type: Number, nullable: true, description: 'null: on the text as a whole' })
  paragraph: number | null;
  @ApiProperty({ type: String, nullable: true }) replyTo: string | null;
  @ApiProperty() text: string;
  @ApiProperty({ type: CommentAuthorDto }) author: CommentAuthorDto;
  @ApiInstant() createdAt: string;
}

export class CommentsDto {
  @ApiProperty({ type: [CommentDto], description: 'Oldest first, on every version' })
  comments: CommentDto[];
  @ApiProperty({ description: 'Whether the caller may comment on this statement now' })
  mayComment: boolean;
}

export class SendReminderDto {
  @ApiPropertyOptional({
    description: 'A word from the chair, added to the reminder',
    maxLength: MAX_REMINDER_MESSAGE_CHARS,
  })
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'message must not be empty' })
  @MaxLength(MAX_REMINDER_MESSAGE_CHARS)
  message?: string;
}

export class ReminderDto {
  @ApiProperty({ example: 1 }) round: number;
  @ApiProperty({
    type: [String],
    description: 'The outstanding members reminded',
    example: ['MYS'],
  })
  members: string[];
  @ApiProperty({ type: String, nullable: true }) message: string | null;
  @ApiInstant() sentAt: string;
  @ApiInstant({ description: 'The next reminder of this round may be sent from then' })
  nextAllowedAt: string;
}
