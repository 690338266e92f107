import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ApiInstant } from '../../common/openapi.decorators';
import { PROPOSAL_STATES } from '../proposal.entity';
import { DiffChangeView, TextVersionRefView } from './statement-view.dto';

export const MAX_PROPOSAL_CHARS = 20_000;
/** At most this many proposals decided with one version, or cited by one objection. */
export const MAX_PROPOSAL_IDS = 200;

export class CreateProposalDto {
  @ApiProperty({ description: 'The paragraph’s number in the current version (1, 2, …)' })
  @IsInt()
  @Min(1)
  @Max(100_000)
  paragraph: number;

  @ApiProperty({ description: 'The text proposed for the whole paragraph' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_PROPOSAL_CHARS)
  text: string;

  @ApiPropertyOptional({ description: 'Why the member proposes it' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_PROPOSAL_CHARS)
  rationale?: string;

  @ApiPropertyOptional({
    example: 'THA',
    description:
      'The member the proposal is for: required from the secretariat (on the member’s behalf); a focal point’s own member otherwise',
  })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'member must be a three-letter member code such as THA' })
  member?: string;
}

export class RejectedProposalDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;

  @ApiProperty({ description: 'Why the chair did not take it' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}

/** `accepted`: the open proposals a new version takes (PUT /text, REVISE). */
export const AcceptedProposals = () =>
  applyDecorators(
    ApiPropertyOptional({
      type: [String],
      format: 'uuid',
      description: 'Open proposals the new version takes (see GET /statements/{id}/proposals)',
    }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(MAX_PROPOSAL_IDS),
    IsUUID('all', { each: true }),
  );

/** `rejected`: the open proposals a new version does not take, each with the reason. */
export const RejectedProposals = () =>
  applyDecorators(
    ApiPropertyOptional({
      type: [RejectedProposalDto],
      description: 'Open proposals the new version does not take, each with the reason',
    }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(MAX_PROPOSAL_IDS),
    ValidateNested({ each: true }),
    Type(() => RejectedProposalDto),
  );

/** The proposals a new version decides: PUT /text and REVISE take these fields. */
export class ProposalDecisionsDto {
  @AcceptedProposals()
  accepted?: string[];

  @RejectedProposals()
  rejected?: RejectedProposalDto[];
}

export class ProposerView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Somchai P.' }) name: string;
  @ApiProperty({ example: 'focal_point' }) role: string;
  @ApiProperty({ type: String, nullable: true, example: 'THA' }) member: string | null;
}

export class ProposalView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'THA', description: 'The member it is proposed for' }) member: string;
  @ApiProperty({ description: 'The paragraph’s number in the version it was made on' })
  paragraph: number;
  @ApiProperty({ type: TextVersionRefView, description: 'The version it was made on' })
  version: TextVersionRefView;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'That paragraph’s number in the current version; null once it was deleted',
  })
  currentParagraph: number | null;
  @ApiProperty() text: string;
  @ApiProperty({ type: String, nullable: true }) rationale: string | null;
  @ApiProperty({ enum: PROPOSAL_STATES }) state: string;
  @ApiProperty({ type: String, nullable: true, description: 'Why it was rejected' })
  reason: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The version that decided it' })
  decidedInVersion: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) decidedAt: string | null;
  @ApiProperty({ type: ProposerView, nullable: true, description: 'The user who made it' })
  proposedBy: ProposerView | null;
  @ApiProperty({ description: 'Made by the secretariat on the member’s behalf' })
  onBehalf: boolean;
  @ApiInstant() createdAt: string;
  @ApiProperty({
    type: [DiffChangeView],
    description:
      'Word by word, from the current paragraph (or, once deleted, the paragraph it was made on) to the proposed text',
  })
  diff: DiffChangeView[];
}

export class ParagraphProposalsView {
  @ApiProperty() number: number;
  @ApiProperty({ description: 'The paragraph in the current version' }) text: string;
  @ApiProperty({ type: [ProposalView], description: 'Oldest first' }) proposals: ProposalView[];
}

/** The chair's working view: each paragraph of the current text with every proposal on it. */
export class ConsolidatedProposalsView {
  @ApiProperty({ format: 'uuid' }) statementId: string;
  @ApiProperty({ type: TextVersionRefView }) version: TextVersionRefView;
  @ApiProperty({ type: [ParagraphProposalsView] }) paragraphs: ParagraphProposalsView[];
  @ApiProperty({
    type: [ProposalView],
    description: 'Proposals on paragraphs that later versions deleted',
  })
  unplaced: ProposalView[];
}
