import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { POSITION_KINDS } from '../../../workflows/statement/statement.types';
import { MeetingViewDto } from '../../reference/dto/reference.dto';

/** Who entered a position into adref. */
export class RecorderDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'Somchai P.' }) name: string;
  @ApiProperty({ example: 'focal_point' }) role: string;
  @ApiProperty({ nullable: true, type: String, example: 'THA' }) member: string | null;
}

/** One recorded position; a later one of the same member and round supersedes it. */
export class PositionEntryDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'THA' }) member: string;
  @ApiProperty({ enum: POSITION_KINDS }) position: string;
  @ApiProperty({ description: 'sha256 of the text the position was given on' })
  versionHash: string;
  @ApiProperty({ nullable: true, type: String, description: 'Reservation or objection text' })
  text: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Note verbale, when on behalf' })
  reference: string | null;
  @ApiProperty({ description: 'Recorded by the secretariat on the member’s behalf' })
  onBehalf: boolean;
  @ApiProperty({ type: RecorderDto, nullable: true }) recordedBy: RecorderDto | null;
  @ApiProperty({ description: 'When the government’s position took effect' }) takenAt: string;
  @ApiProperty({ description: 'When it was entered into adref' }) recordedAt: string;
  @ApiProperty({ nullable: true, type: String }) supersededAt: string | null;
  @ApiProperty({ description: 'False once a later position of the member superseded it' })
  current: boolean;
}

export class RoundPositionsDto {
  @ApiProperty() number: number;
  @ApiProperty() versionNumber: number;
  @ApiProperty() versionHash: string;
  @ApiProperty() openedAt: string;
  @ApiProperty() deadline: string;
  @ApiProperty({ enum: ['explicit', 'silence_is_consent'] }) silenceRule: string;
  @ApiProperty({ type: [String] }) electorate: string[];
  @ApiProperty({ nullable: true, type: String }) closedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) outcome: string | null;
  @ApiProperty({ type: [PositionEntryDto], description: 'Oldest first, superseded included' })
  positions: PositionEntryDto[];
}

export class PositionsHistoryDto {
  @ApiProperty() statementId: string;
  @ApiProperty({ type: [RoundPositionsDto] }) rounds: RoundPositionsDto[];
}

/** How a member stands in the record: its answer, or consent deemed from silence, or the meeting. */
export const RECORD_STANDINGS = [
  'endorse',
  'endorse_with_reservation',
  'deemed_consent',
  'adopted_at_meeting',
] as const;
export type RecordStanding = (typeof RECORD_STANDINGS)[number];

export class RecordMemberDto {
  @ApiProperty({ example: 'THA' }) member: string;
  @ApiProperty({ example: 'Thailand' }) nameEn: string;
  @ApiProperty({ example: 'ไทย' }) nameTh: string;
  @ApiProperty({ enum: RECORD_STANDINGS }) position: RecordStanding;
  @ApiProperty({ nullable: true, type: String }) text: string | null;
  @ApiProperty({ description: 'When the position took effect (the adoption date when deemed)' })
  takenAt: string;
  @ApiProperty({ nullable: true, type: String }) recordedAt: string | null;
  @ApiProperty() onBehalf: boolean;
  @ApiProperty({ nullable: true, type: String }) reference: string | null;
  @ApiProperty({ type: RecorderDto, nullable: true }) recordedBy: RecorderDto | null;
}

export class RecordStatementDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'ACCSM' }) framework: string;
  @ApiProperty() frameworkNameEn: string;
  @ApiProperty() frameworkNameTh: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) titleTh: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'When the statement was imported from the records kept before adref',
  })
  importedAt: string | null;
}

export class RecordAdoptionDto {
  @ApiProperty({ description: 'When the last required endorsement arrived, or the deadline' })
  date: string;
  @ApiProperty({ enum: ['consensus', 'silence', 'meeting'] }) basis: string;
  @ApiProperty({ nullable: true, type: String, description: 'The meeting as free text' })
  meeting: string | null;
  @ApiProperty({
    nullable: true,
    type: MeetingViewDto,
    description: 'The meeting of the reference data that adopted the statement, when named by id',
  })
  meetingRecord: MeetingViewDto | null;
  @ApiProperty({ nullable: true, type: Number }) roundNumber: number | null;
}

export class RecordTextDto {
  @ApiProperty() version: number;
  @ApiProperty({ description: 'sha256 of the adopted text' }) hash: string;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty() body: string;
}

export class RecordRoundDto {
  @ApiProperty() number: number;
  @ApiProperty() openedAt: string;
  @ApiProperty() deadline: string;
  @ApiProperty({ type: [String], description: 'Earlier deadlines, oldest first' })
  previousDeadlines: string[];
  @ApiProperty({ enum: ['explicit', 'silence_is_consent'] }) silenceRule: string;
  @ApiProperty({ type: [String] }) electorate: string[];
}

export class RecordReservationDto {
  @ApiProperty() member: string;
  @ApiProperty() nameEn: string;
  @ApiProperty() nameTh: string;
  @ApiProperty() takenAt: string;
  @ApiProperty() text: string;
}

/** One act in the statement's signed history, with both its times. */
export class RecordEventDto {
  @ApiProperty({ description: 'Its place in the hash chain' }) seq: number;
  @ApiProperty({ example: 'OPEN_AD_REFERENDUM' }) type: string;
  @ApiProperty({ description: 'When the act took effect' }) at: string;
  @ApiProperty({ description: 'When adref stored it; later than `at` for a back-dated act' })
  recordedAt: string;
  @ApiProperty({ description: 'Who did it, as recorded' }) actor: string;
  @ApiProperty({ description: 'Imported from the records kept before adref' }) imported: boolean;
  @ApiProperty({ nullable: true, type: String, example: 'THA' }) member: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'endorse' }) position: string | null;
  @ApiProperty({ nullable: true, type: String }) deadline: string | null;
}

/** The last event of the statement's hash chain, signed with adref's Ed25519 key. */
export class ChainHeadDto {
  @ApiProperty() statementId: string;
  @ApiProperty() seq: number;
  @ApiProperty({ description: 'sha256 (hex) of the last event, chained to all before it' })
  hash: string;
  @ApiProperty({ description: 'The signing key, published at GET /keys' }) keyId: string;
  @ApiProperty({ description: 'Base64 Ed25519 signature of `hash` (its hex, as UTF-8 bytes)' })
  signature: string;
}

/** A text proposal made on the statement, with its fate: the record's annex of proposals. */
export class RecordProposalDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'THA' }) member: string;
  @ApiProperty() nameEn: string;
  @ApiProperty() nameTh: string;
  @ApiProperty({ description: 'The paragraph’s number in the version it was made on' })
  paragraph: number;
  @ApiProperty() versionNumber: number;
  @ApiProperty() text: string;
  @ApiProperty({ nullable: true, type: String }) rationale: string | null;
  @ApiProperty({ enum: ['open', 'accepted', 'rejected', 'withdrawn'] }) state: string;
  @ApiProperty({ nullable: true, type: String, description: 'Why it was rejected' })
  reason: string | null;
  @ApiProperty({ nullable: true, type: Number }) decidedInVersion: number | null;
  @ApiProperty({ type: RecorderDto, nullable: true }) proposedBy: RecorderDto | null;
  @ApiProperty() onBehalf: boolean;
  @ApiProperty() createdAt: string;
}

/** The record of adoption: what was adopted, when, and every member's position. */
/** A note verbale attached to the statement, as the record lists it. */
export class RecordNoteVerbaleDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ nullable: true, type: String, example: 'THA' }) member: string | null;
  @ApiProperty({ nullable: true, type: String }) nameEn: string | null;
  @ApiProperty({ nullable: true, type: String }) nameTh: string | null;
  @ApiProperty() filename: string;
  @ApiProperty({ description: 'sha256 (hex) of the bytes, as in the audit event' }) sha256: string;
  @ApiProperty() size: number;
  @ApiProperty() contentType: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) positionId: string | null;
  @ApiProperty({ format: 'date-time' }) uploadedAt: string;
}

export class RecordOfAdoptionDto {
  @ApiProperty() statementId: string;
  @ApiProperty({
    type: ChainHeadDto,
    description: 'Keep it: GET /statements/{id}/verify or `npm run verify -- --witness` checks it',
  })
  chainHead: ChainHeadDto;
  @ApiProperty({ type: RecordStatementDto }) statement: RecordStatementDto;
  @ApiProperty({ type: RecordAdoptionDto }) adoption: RecordAdoptionDto;
  @ApiProperty({ type: RecordTextDto }) text: RecordTextDto;
  @ApiProperty({ type: RecordRoundDto, nullable: true }) round: RecordRoundDto | null;
  @ApiProperty({ type: [RecordMemberDto] }) members: RecordMemberDto[];
  @ApiProperty({ type: [RecordReservationDto], description: 'The reservations annex' })
  reservations: RecordReservationDto[];
  @ApiProperty({ type: [RecordEventDto], description: 'Every act, oldest first' })
  history: RecordEventDto[];
  @ApiProperty({
    type: [RecordProposalDto],
    description: 'The annex of text proposals: every one made, oldest first, with its fate',
  })
  proposals: RecordProposalDto[];
  @ApiProperty({
    type: [RecordNoteVerbaleDto],
    description: 'Every note verbale attached to the statement, with its sha256',
  })
  noteVerbales: RecordNoteVerbaleDto[];
}

export const RECORD_LANGUAGES = ['en', 'th'] as const;
export type RecordLanguage = (typeof RECORD_LANGUAGES)[number];

export class RecordPdfQueryDto {
  @ApiPropertyOptional({ enum: RECORD_LANGUAGES, default: 'en', description: 'Language of labels' })
  @IsOptional()
  @IsIn(RECORD_LANGUAGES)
  lang?: RecordLanguage;
}
