import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { STATEMENT_STATES } from '../../../workflows/statement/statement.types';
import { AcceptedProposals, RejectedProposalDto, RejectedProposals } from './proposal.dto';

/** An instant with its time zone, as deadlines and effective times are given. */
export const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
export const instantMessage = (example = '2024-09-06T17:00:00+07:00') => ({
  message: `$property must be an ISO 8601 date-time with a time zone, e.g. ${example}`,
});

/** An ISO 8601 date-time with a time zone; strict, so 2026-02-30 is refused rather than rolled over. */
export const IsInstant =
  (example?: string): PropertyDecorator =>
  (target, property) => {
    Matches(INSTANT, instantMessage(example))(target, property);
    IsISO8601({ strict: true }, instantMessage(example))(target, property);
  };

export const MAX_BODY_CHARS = 500_000;

export class EffectiveTimeDto {
  @ApiPropertyOptional({
    description:
      'When the act took effect, for the secretariat entering a past act (e.g. a note verbale received earlier). Defaults to now; never in the future or before the last recorded act.',
    example: '2024-08-07T10:00:00+08:00',
  })
  @IsOptional()
  @IsInstant()
  at?: string;
}

export class CreateStatementDto extends EffectiveTimeDto {
  @ApiProperty({ example: 'ACCSM' })
  @IsString()
  @IsNotEmpty()
  framework: string;

  @ApiProperty({
    example: 'ASEAN Statement on Strengthening Government Strategies on Mental Health …',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  title: string;

  @ApiPropertyOptional({ example: 'ถ้อยแถลงอาเซียนว่าด้วย…' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  titleTh?: string;

  @ApiProperty({ description: 'The first draft of the text' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_BODY_CHARS)
  body: string;
}

export class UpdateTextDto extends EffectiveTimeDto {
  @ApiProperty({ description: 'The full new text' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_BODY_CHARS)
  body: string;

  @ApiProperty({ description: 'What changed and why', example: 'Incorporates comments from SOM' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  note: string;

  @AcceptedProposals()
  accepted?: string[];

  @RejectedProposals()
  rejected?: RejectedProposalDto[];
}

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class ListStatementsQueryDto {
  @ApiPropertyOptional({ enum: STATEMENT_STATES })
  @IsOptional()
  @IsIn(STATEMENT_STATES)
  state?: string;

  @ApiPropertyOptional({ example: 'ACCSM' })
  @IsOptional()
  @IsString()
  framework?: string;

  @ApiPropertyOptional({
    description: 'Member code: statements awaiting that member’s position',
    example: 'THA',
  })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'pendingFor must be a three-letter member code such as THA' })
  pendingFor?: string;

  @ApiPropertyOptional({ description: 'Only open rounds past their deadline' })
  @IsOptional()
  @Transform(toBoolean)
  @IsIn([true, false], { message: 'overdue must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({ default: 1, maximum: 10_000 })
  @IsOptional()
  @Transform(({ value }) =>
    typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value,
  )
  @IsInt()
  @Min(1)
  @Max(10_000)
  page?: number;

  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @IsOptional()
  @Transform(({ value }) =>
    typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value,
  )
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
}
