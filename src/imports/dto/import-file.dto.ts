import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  Equals,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { DURATION } from '../../../workflows/duration.util';
import { POSITION_KINDS, SILENCE_RULES } from '../../../workflows/statement/statement.types';
import type { PositionKind, SilenceRule } from '../../../workflows/statement/statement.types';
import { MAX_ORDINAL } from '../../reference/dto/reference.dto';
import { IsInstant, MAX_BODY_CHARS } from '../../statements/dto/statement.dto';

/** The one file format this adref reads; a later format gets a new number. */
export const IMPORT_FORMAT = 'adref-import/1';

/** What an import file may record: the audit event types of a statement's history. */
export const IMPORT_EVENT_TYPES = [
  'CREATED',
  'SUBMIT_TO_SOM',
  'RETURN_FOR_REVISION',
  'APPROVE_IN_PRINCIPLE',
  'ADOPT_AT_MEETING',
  'EDIT_TEXT',
  'OPEN_AD_REFERENDUM',
  'RECORD_POSITION',
  'EXTEND_DEADLINE',
  'DEADLINE_PASSED',
  'REVISE',
  'CLOSE_WITHOUT_ADOPTION',
  'WITHDRAW',
] as const;
export type ImportEventType = (typeof IMPORT_EVENT_TYPES)[number];

const MEMBER_CODE = /^[A-Z]{3}$/;
const memberCode = (field: string) => ({
  message: `${field} must be a three-letter member code such as THA`,
});
const MAX_VERSIONS = 200;
const MAX_EVENTS = 5000;

export class ImportVersionDto {
  @ApiProperty({ example: 1, description: 'Versions are numbered 1, 2, … in file order' })
  @IsInt()
  @Min(1)
  @Max(MAX_VERSIONS)
  number: number;

  @ApiProperty({ description: 'The full text of this version; its sha256 is the text hash' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_BODY_CHARS)
  body: string;

  @ApiPropertyOptional({ description: 'What this version changed, as the history shows it' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({ description: 'sha256 of body (hex), checked when given' })
  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/, { message: 'hash must be a lower-case hex sha256' })
  hash?: string;
}

/** The fields every event of the file may carry. */
export abstract class ImportEventDto {
  @ApiProperty({ enum: IMPORT_EVENT_TYPES })
  @IsIn(IMPORT_EVENT_TYPES)
  type: ImportEventType;

  @ApiProperty({
    description: 'When the act took effect; in the past',
    example: '2019-04-24T11:00:00+07:00',
  })
  @IsInstant('2019-04-24T11:00:00+07:00')
  at: string;

  @ApiPropertyOptional({ description: 'Who acted, as the history shows it (a name or office)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  actor?: string;

  @ApiPropertyOptional({ description: 'A remark kept in the history' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({ description: 'The record this event is taken from' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  source?: string;

  @ApiPropertyOptional({
    description: 'Fields of this event that the records do not give (illustrative values)',
    example: ['at', 'reference'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  illustrative?: string[];
}

/** An act of the chair's secretariat; `by` names the member that chaired (default: the chair of the day). */
export class ChairActDto extends ImportEventDto {
  @ApiPropertyOptional({ example: 'BRN' })
  @IsOptional()
  @Matches(MEMBER_CODE, memberCode('by'))
  by?: string;
}

export class MeetingRefDto {
  @ApiPropertyOptional({ enum: ['PREP', 'SOM', 'HCS'], description: 'Any kind when omitted' })
  @IsOptional()
  @IsIn(['PREP', 'SOM', 'HCS'])
  kind?: 'PREP' | 'SOM' | 'HCS';

  @ApiProperty({ example: 20, maximum: MAX_ORDINAL })
  @IsInt()
  @Min(1)
  @Max(MAX_ORDINAL)
  ordinal: number;
}

export class MeetingActDto extends ChairActDto {
  @ApiPropertyOptional({ example: '20th SOM-ACCSM, Chiang Rai' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  meeting?: string;

  @ApiPropertyOptional({
    type: MeetingRefDto,
    description: 'A meeting of the reference data; the act must fall on one of its days',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MeetingRefDto)
  meetingRef?: MeetingRefDto;
}

export class NewVersionDto extends ChairActDto {
  @ApiProperty({ example: 2, description: 'The number of the version (in versions) it introduces' })
  @IsInt()
  @Min(2)
  @Max(MAX_VERSIONS)
  version: number;
}

export class OptionalNewVersionDto extends ChairActDto {
  @ApiPropertyOptional({ example: 2 })
  @IsOptional()
  @IsInt()
  @Min(2)
  @Max(MAX_VERSIONS)
  version?: number;
}

export class OpenRoundDto extends ChairActDto {
  @ApiProperty({ example: '2024-09-20T17:00:00+07:00' })
  @IsInstant()
  deadline: string;

  @ApiProperty({ enum: SILENCE_RULES })
  @IsIn(SILENCE_RULES)
  silenceRule: SilenceRule;

  @ApiPropertyOptional({ example: ['P7D', 'P2D', 'P1D'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @Matches(DURATION, {
    each: true,
    message: 'each of reminderOffsets must be an ISO 8601 duration such as P7D or PT12H',
  })
  reminderOffsets?: string[];

  @ApiPropertyOptional({
    description:
      'The electorate as the records give it; checked against the reference data of that day',
    example: ['BRN', 'IDN', 'KHM'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(MEMBER_CODE, { each: true, message: 'each of electorate must be a member code' })
  electorate?: string[];
}

export class DeadlineDto extends ChairActDto {
  @ApiProperty({ example: '2024-10-04T17:00:00+07:00' })
  @IsInstant()
  deadline: string;
}

export class ReasonDto extends ChairActDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class WithdrawalDto extends ChairActDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}

/** A deadline passing: adref raises it in a live round; in an import, at is the deadline. */
export class DeadlinePassedDto extends ImportEventDto {}

export class PositionDto extends ImportEventDto {
  @ApiProperty({ example: 'MYS' })
  @Matches(MEMBER_CODE, memberCode('member'))
  member: string;

  @ApiProperty({ enum: POSITION_KINDS })
  @IsIn(POSITION_KINDS)
  position: PositionKind;

  @ApiPropertyOptional({ description: 'The version number answered; default: the circulated one' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_VERSIONS)
  version?: number;

  @ApiPropertyOptional({ description: 'sha256 of the text answered, instead of or with version' })
  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/, { message: 'versionHash must be a lower-case hex sha256' })
  versionHash?: string;

  @ApiPropertyOptional({ description: 'The reservation or the reasons for an objection' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  text?: string;

  @ApiPropertyOptional({ description: 'The note verbale or letter the position came by' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reference?: string;

  @ApiPropertyOptional({
    description:
      'The member that recorded it: the member itself (default), or the chair on its behalf (then reference is required)',
    example: 'KHM',
  })
  @IsOptional()
  @Matches(MEMBER_CODE, memberCode('by'))
  by?: string;
}

/** Which fields each event type takes; any other field is refused. */
export const IMPORT_EVENT_DTOS: Record<ImportEventType, new () => ImportEventDto> = {
  CREATED: ChairActDto,
  SUBMIT_TO_SOM: ChairActDto,
  RETURN_FOR_REVISION: ChairActDto,
  APPROVE_IN_PRINCIPLE: MeetingActDto,
  ADOPT_AT_MEETING: MeetingActDto,
  EDIT_TEXT: NewVersionDto,
  OPEN_AD_REFERENDUM: OpenRoundDto,
  RECORD_POSITION: PositionDto,
  EXTEND_DEADLINE: DeadlineDto,
  DEADLINE_PASSED: DeadlinePassedDto,
  REVISE: OptionalNewVersionDto,
  CLOSE_WITHOUT_ADOPTION: ReasonDto,
  WITHDRAW: WithdrawalDto,
};

/** One event of the file, once its type's DTO has accepted it. */
export type ImportEvent = ImportEventDto &
  Partial<
    ChairActDto &
      MeetingActDto &
      OpenRoundDto &
      Omit<PositionDto, 'version'> &
      Omit<NewVersionDto, 'version'> &
      WithdrawalDto
  > & { version?: number };

/** The file's envelope; events are checked one by one against their type's DTO. */
export class ImportFileDto {
  @ApiProperty({ example: IMPORT_FORMAT })
  @Equals(IMPORT_FORMAT, { message: `format must be ${IMPORT_FORMAT}` })
  format: string;

  @ApiProperty({
    example: 'accsm-2019-good-governance',
    description: 'Names the statement for good: a second import with this key is refused',
  })
  @Matches(/^[a-z0-9][a-z0-9._-]{2,199}$/, {
    message:
      'importKey must be 3 to 200 lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit',
  })
  importKey: string;

  @ApiProperty({ example: 'ACCSM' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(16)
  framework: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  title: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  titleTh?: string;

  @ApiPropertyOptional({ description: 'The records the file is taken from' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  source?: string;

  @ApiPropertyOptional({
    description: 'What the records do not give and the file supplies for illustration',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  illustrative?: string[];

  @ApiProperty({ type: [ImportVersionDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_VERSIONS)
  versions: ImportVersionDto[];

  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description:
      'The history in time order, starting with CREATED; each event takes the fields of its type',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_EVENTS)
  events: ImportEvent[];
}
