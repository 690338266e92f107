import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { MAX_PROPOSAL_IDS } from './proposal.dto';
import { POSITION_KINDS } from '../../../workflows/statement/statement.types';
import type { PositionKind } from '../../../workflows/statement/statement.types';
import { EffectiveTimeDto } from './statement.dto';

export class RecordPositionDto extends EffectiveTimeDto {
  @ApiProperty({ example: 'THA' })
  @Matches(/^[A-Z]{3}$/, { message: 'member must be a three-letter member code such as THA' })
  member: string;

  @ApiProperty({ enum: POSITION_KINDS })
  @IsIn(POSITION_KINDS)
  position: PositionKind;

  @ApiProperty({ description: 'sha256 of the circulated text the position is given on' })
  @Matches(/^[0-9a-f]{64}$/, {
    message: 'versionHash must be the 64-character sha256 of the circulated text',
  })
  versionHash: string;

  @ApiPropertyOptional({
    description:
      'Reservation, interpretative statement, or the reasons (and amendment text) of an objection',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(20_000)
  text?: string;

  @ApiPropertyOptional({
    description:
      'Note verbale or other reference, when the secretariat records on the member’s behalf',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reference?: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description:
      'With an objection only: the member’s own open text proposals on this statement that the objection points at',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_PROPOSAL_IDS)
  @IsUUID('all', { each: true })
  proposalIds?: string[];
}
