import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiInstant } from '../../common/openapi.decorators';
import { MeetingViewDto } from '../../reference/dto/reference.dto';
import {
  POSITION_KINDS,
  ROUND_STATES,
  SILENCE_RULES,
  STATEMENT_STATES,
} from '../../../workflows/statement/statement.types';

// What the statement routes answer (statement.view.ts builds them); the typed client reads these.

const ROUND_OUTCOMES = ['adopted', 'revised', 'closed_without_adoption', 'withdrawn'];
const ADOPTION_BASES = ['meeting', 'consensus', 'silence'];

export class TextVersionRefView {
  @ApiProperty({ example: 1 }) number: number;
  @ApiProperty({ description: 'sha256 (hex) of the text', example: 'a3f1…' }) hash: string;
}

export class RecordedPositionView {
  @ApiProperty({ example: 'THA' }) member: string;
  @ApiProperty({ enum: POSITION_KINDS }) position: string;
  @ApiProperty({ description: 'sha256 of the text the position was given on' })
  versionHash: string;
  @ApiInstant({ description: 'When the position took effect' }) at: string;
  @ApiPropertyOptional({ description: 'Reservation or objection text' }) text?: string;
  @ApiPropertyOptional({ description: 'Note verbale, when on behalf' }) reference?: string;
  @ApiProperty({ description: 'Recorded by the secretariat on the member’s behalf' })
  onBehalf: boolean;
  @ApiProperty({ description: 'Id of the user who recorded it' }) recordedBy: string;
}

export class DeadlineChangeView {
  @ApiInstant() deadline: string;
  @ApiInstant() setAt: string;
}

export class TallyView {
  @ApiProperty() electorate: number;
  @ApiProperty() endorse: number;
  @ApiProperty() endorse_with_reservation: number;
  @ApiProperty() object: number;
  @ApiProperty() clearance_pending: number;
  @ApiProperty({ description: 'Electors with no position yet' }) none: number;
  @ApiProperty({ description: 'Endorsements of either kind (the 9 of 9/11)' }) endorsed: number;
}

export class RoundView {
  @ApiProperty() number: number;
  @ApiProperty({ type: TextVersionRefView }) version: TextVersionRefView;
  @ApiInstant() openedAt: string;
  @ApiInstant() deadline: string;
  @ApiProperty({ type: [DeadlineChangeView] }) deadlineHistory: DeadlineChangeView[];
  @ApiProperty() deadlinePassed: boolean;
  @ApiProperty({ enum: SILENCE_RULES }) silenceRule: string;
  @ApiProperty({ type: [String], example: ['BRN', 'KHM'] }) electorate: string[];
  @ApiProperty({
    type: [RecordedPositionView],
    description: 'The current position of each elector',
  })
  positions: RecordedPositionView[];
  @ApiProperty({ type: TallyView }) tally: TallyView;
  @ApiProperty({ type: [String], description: 'Electors without an endorsement or objection' })
  outstanding: string[];
  @ApiProperty({ type: [String] }) objectors: string[];
  @ApiProperty({
    type: [String],
    description: 'Electors whose answer is only "pending domestic clearance": not consent',
  })
  pendingClearance: string[];
  @ApiProperty() open: boolean;
  @ApiInstant({ nullable: true }) closedAt: string | null;
  @ApiProperty({ enum: ROUND_OUTCOMES, nullable: true, type: String }) outcome: string | null;
}

export class AdoptionView {
  @ApiInstant({ description: 'When the last required endorsement arrived, or the deadline' })
  date: string;
  @ApiProperty({ enum: ADOPTION_BASES }) basis: string;
  @ApiProperty() versionHash: string;
  @ApiProperty({ type: Number, nullable: true }) roundNumber: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'The meeting, as free text' })
  meeting: string | null;
  @ApiPropertyOptional({ format: 'uuid', description: 'The meeting of the reference data' })
  meetingId?: string;
  @ApiProperty({ type: [String], description: 'Members deemed to consent by silence' })
  deemedConsent: string[];
}

export class WithdrawalView {
  @ApiProperty() reason: string;
  @ApiInstant() at: string;
}

export class ClosureView {
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiInstant() at: string;
}

class StatementIdentity {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'ACCSM' }) framework: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) titleTh: string | null;
  @ApiProperty({ enum: STATEMENT_STATES }) state: string;
  @ApiProperty({ enum: ROUND_STATES, nullable: true, type: String }) roundState: string | null;
  @ApiProperty({ type: TextVersionRefView }) currentVersion: TextVersionRefView;
}

/** A statement with its current round and the events the caller may send now. */
export class StatementDto extends StatementIdentity {
  @ApiProperty({ type: RoundView, nullable: true }) round: RoundView | null;
  @ApiProperty({ type: AdoptionView, nullable: true }) adoption: AdoptionView | null;
  @ApiProperty({
    type: MeetingViewDto,
    nullable: true,
    description: 'The meeting that adopted the statement, when it was named by id',
  })
  adoptionMeeting: MeetingViewDto | null;
  @ApiProperty({ type: WithdrawalView, nullable: true }) withdrawal: WithdrawalView | null;
  @ApiProperty({ type: ClosureView, nullable: true }) closure: ClosureView | null;
  @ApiProperty({ type: [String], example: ['SUBMIT_TO_SOM'] }) allowedEvents: string[];
  @ApiProperty({ description: 'Send it back as If-Match on writes' }) lockVersion: number;
  @ApiProperty() machineVersion: number;
  @ApiInstant() createdAt: string;
  @ApiInstant() updatedAt: string;
  @ApiInstant({
    nullable: true,
    description: 'Set when imported from the records kept before adref',
  })
  importedAt: string | null;
}

export class ProgressView {
  @ApiProperty() endorsed: number;
  @ApiProperty() electorate: number;
}

/** One row of the board. */
export class StatementSummaryDto extends StatementIdentity {
  @ApiProperty({ description: 'The version of the procedure (machine) the statement runs on' })
  machineVersion: number;
  @ApiProperty({
    description:
      'False when this build cannot load that version: the row shows the stored columns only, and the statement’s own page answers 409 machine_version_unavailable',
  })
  machineVersionLoadable: boolean;
  @ApiInstant({ nullable: true, description: 'The open round’s deadline' })
  deadline: string | null;
  @ApiProperty({ type: ProgressView, nullable: true }) progress: ProgressView | null;
  @ApiProperty({ type: [String] }) outstanding: string[];
  @ApiInstant({ nullable: true }) adoptionDate: string | null;
  @ApiProperty() lockVersion: number;
  @ApiInstant() updatedAt: string;
}

export class StatementsPageDto {
  @ApiProperty({ type: [StatementSummaryDto] }) items: StatementSummaryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class TextVersionMetaDto {
  @ApiProperty({ format: 'uuid' }) statementId: string;
  @ApiProperty() number: number;
  @ApiProperty() hash: string;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ format: 'uuid' }) createdBy: string;
  @ApiInstant() createdAt: string;
}

export class TextVersionDto extends TextVersionMetaDto {
  @ApiProperty() body: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer', nullable: true },
    nullable: true,
    description:
      'Paragraph number in the previous version → its number here, or null when deleted (paragraphs are blocks between blank lines); null for version 1',
    example: { '1': 1, '2': null, '3': 2 },
  })
  paragraphMap: Record<string, number | null> | null;
}

export class DiffChangeView {
  @ApiProperty({ enum: ['added', 'removed', 'unchanged'] }) type: string;
  @ApiProperty() value: string;
}

export class TextDiffDto {
  @ApiProperty({ type: TextVersionRefView }) from: TextVersionRefView;
  @ApiProperty({ type: TextVersionRefView }) to: TextVersionRefView;
  @ApiProperty({ description: 'A unified diff' }) patch: string;
  @ApiProperty({ type: [DiffChangeView] }) changes: DiffChangeView[];
}

export class ChainStateView {
  @ApiProperty() valid: boolean;
  @ApiProperty({ type: Number, nullable: true, description: 'seq of the first broken link' })
  brokenAt: number | null;
}

/** One act of the hash-chained, signed audit trail. */
export class AuditEventView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) statementId: string;
  @ApiProperty() seq: number;
  @ApiProperty({ example: 'OPEN_AD_REFERENDUM' }) type: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) actorId: string | null;
  @ApiProperty() actorLabel: string;
  @ApiInstant({ description: 'When the act took effect' }) at: string;
  @ApiInstant({ description: 'When adref stored it' }) recordedAt: string;
  @ApiProperty() textHash: string;
  @ApiProperty({ type: String, nullable: true }) stateFrom: string | null;
  @ApiProperty() stateTo: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The event as the machine received it (meetingId when a meeting was named)',
  })
  payload: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true }) prevHash: string | null;
  @ApiProperty() hash: string;
  @ApiProperty({ type: String, nullable: true }) keyId: string | null;
  @ApiProperty({ type: String, nullable: true }) signature: string | null;
}

export class StatementHistoryDto {
  @ApiProperty({ type: ChainStateView }) chain: ChainStateView;
  @ApiProperty({ type: [AuditEventView], description: 'Oldest first' }) events: AuditEventView[];
  @ApiProperty({
    type: [MeetingViewDto],
    description: 'The meetings the events name by meetingId, beside the signed events',
  })
  meetings: MeetingViewDto[];
}
