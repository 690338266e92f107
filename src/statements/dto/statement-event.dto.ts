import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { DURATION } from '../../../workflows/duration.util';
import { SILENCE_RULES } from '../../../workflows/statement/statement.types';
import type { SilenceRule } from '../../../workflows/statement/statement.types';
import { EffectiveTimeDto, IsInstant, MAX_BODY_CHARS } from './statement.dto';
import { AcceptedProposals, RejectedProposalDto, RejectedProposals } from './proposal.dto';

/** The events a client may POST; EDIT_TEXT and RECORD_POSITION have their own routes. */
export const CLIENT_EVENT_TYPES = [
  'SUBMIT_TO_SOM',
  'RETURN_FOR_REVISION',
  'APPROVE_IN_PRINCIPLE',
  'ADOPT_AT_MEETING',
  'OPEN_AD_REFERENDUM',
  'EXTEND_DEADLINE',
  'DEADLINE_PASSED',
  'REVISE',
  'CLOSE_WITHOUT_ADOPTION',
  'WITHDRAW',
] as const;
export type ClientEventType = (typeof CLIENT_EVENT_TYPES)[number];

abstract class EventDto extends EffectiveTimeDto {
  @ApiProperty({ enum: CLIENT_EVENT_TYPES })
  @IsIn(CLIENT_EVENT_TYPES)
  type: ClientEventType;
}

export class PlainEventDto extends EventDto {}

export class NoteEventDto extends EventDto {
  @ApiPropertyOptional({ description: 'Why it goes back for revision' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class MeetingEventDto extends EventDto {
  @ApiPropertyOptional({
    description:
      'The meeting that decided, from the reference data (GET /reference/meetings); give this or `meeting`',
    format: 'uuid',
  })
  @IsOptional()
  @IsUUID()
  meetingId?: string;

  @ApiPropertyOptional({
    description: 'The meeting as free text, only for one not yet in the reference data',
    example: '22nd ACCSM, Bandar Seri Begawan',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  meeting?: string;
}

export class OpenAdReferendumDto extends EventDto {
  @ApiProperty({ example: '2024-09-06T17:00:00+08:00' })
  @IsInstant()
  deadline: string;

  @ApiProperty({ enum: SILENCE_RULES })
  @IsIn(SILENCE_RULES)
  silenceRule: SilenceRule;

  @ApiPropertyOptional({
    description: 'Reminders to outstanding members, as ISO 8601 durations before the deadline',
    example: ['P7D', 'P2D', 'P1D'],
    default: ['P7D', 'P2D', 'P1D'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @Matches(DURATION, {
    each: true,
    message:
      'each of reminderOffsets must be an ISO 8601 duration of days to seconds, e.g. P7D or PT12H',
  })
  reminderOffsets?: string[];
}

export class ExtendDeadlineDto extends EventDto {
  @ApiProperty({ example: '2024-09-20T17:00:00+08:00' })
  @IsInstant()
  deadline: string;
}

export class ReviseDto extends EventDto {
  @ApiPropertyOptional({ description: 'The revised text; omit to revise later with PUT /text' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_BODY_CHARS)
  body?: string;

  @ApiPropertyOptional({ description: 'What changed and why' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @AcceptedProposals()
  accepted?: string[];

  @RejectedProposals()
  rejected?: RejectedProposalDto[];
}

export class ReasonEventDto extends EventDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class WithdrawDto extends EventDto {
  @ApiProperty({ example: 'Superseded by the 2026 statement' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}

/** Which fields each event type takes. */
export const EVENT_DTOS: Record<ClientEventType, new () => EventDto> = {
  SUBMIT_TO_SOM: PlainEventDto,
  RETURN_FOR_REVISION: NoteEventDto,
  APPROVE_IN_PRINCIPLE: MeetingEventDto,
  ADOPT_AT_MEETING: MeetingEventDto,
  OPEN_AD_REFERENDUM: OpenAdReferendumDto,
  EXTEND_DEADLINE: ExtendDeadlineDto,
  DEADLINE_PASSED: PlainEventDto,
  REVISE: ReviseDto,
  CLOSE_WITHOUT_ADOPTION: ReasonEventDto,
  WITHDRAW: WithdrawDto,
};

export type StatementEventDto = PlainEventDto &
  Partial<NoteEventDto & MeetingEventDto & OpenAdReferendumDto & ReviseDto & WithdrawDto>;
