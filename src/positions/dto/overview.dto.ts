import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';
import { POSITION_KINDS, STATEMENT_STATES } from '../../../workflows/statement/statement.types';
import { ApiInstant } from '../../common/openapi.decorators';
import { ListStatementsQueryDto } from '../../statements/dto/statement.dto';
import { INBOX_REASONS, MATRIX_CELL_VALUES } from '../overview-cells.util';

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

/** The matrix's filters and paging, as the board's (GET /statements) takes them. */
export class MatrixQueryDto extends PickType(ListStatementsQueryDto, [
  'state',
  'page',
  'pageSize',
] as const) {
  @ApiPropertyOptional({ description: 'Only statements with an open ad-referendum round' })
  @IsOptional()
  @Transform(toBoolean)
  @IsIn([true, false], { message: 'open must be true or false' })
  open?: boolean;
}

/** The exports hold every statement the filters match, in the board's order. */
export class MatrixExportQueryDto extends PickType(MatrixQueryDto, ['state', 'open'] as const) {}

export class VersionRefDto {
  @ApiProperty({ example: 2 }) number: number;
  @ApiProperty({ description: 'sha256 of the text' }) hash: string;
}

/** A period in which the member was a member (not an observer) of the framework. */
export class MembershipPeriodDto {
  @ApiProperty({ type: String, nullable: true, format: 'date' }) from: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) to: string | null;
}

export class MatrixMemberDto {
  @ApiProperty({ example: 'THA' }) code: string;
  @ApiProperty({ example: 'Thailand' }) nameEn: string;
  @ApiProperty({ example: 'ไทย' }) nameTh: string;
  @ApiProperty({ type: [MembershipPeriodDto] }) memberships: MembershipPeriodDto[];
}

export class MatrixRoundDto {
  @ApiProperty() number: number;
  @ApiProperty({ type: VersionRefDto, description: 'The text the round circulated' })
  version: VersionRefDto;
  @ApiInstant() deadline: string;
  @ApiProperty({ enum: ['explicit', 'silence_is_consent'] }) silenceRule: string;
  @ApiProperty({ type: [String] }) electorate: string[];
  @ApiProperty() open: boolean;
}

export class MatrixCellDto {
  @ApiProperty({ example: 'THA' }) member: string;
  @ApiProperty({
    enum: MATRIX_CELL_VALUES,
    description:
      'The position, or outstanding (an elector of the open round without one), none (no round yet, or the round closed without an answer) or not_in_electorate',
  })
  value: string;
  @ApiInstant({ nullable: true, description: 'When the position took effect' })
  at: string | null;
  @ApiProperty({ description: 'Still awaited: no answer, or only clearance_pending' })
  outstanding: boolean;
  @ApiProperty({ type: Boolean, nullable: true, description: 'Given on the current text' })
  onCurrentVersion: boolean | null;
  @ApiProperty({ description: 'Recorded by the secretariat on the member’s behalf' })
  onBehalf: boolean;
}

export class MatrixRowDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) titleTh: string | null;
  @ApiProperty({ enum: STATEMENT_STATES }) state: string;
  @ApiProperty({ type: String, nullable: true, example: 'collecting' }) roundState: string | null;
  @ApiInstant({ nullable: true, description: 'The open round’s deadline' })
  deadline: string | null;
  @ApiProperty({ type: VersionRefDto }) currentVersion: VersionRefDto;
  @ApiProperty({ type: MatrixRoundDto, nullable: true, description: 'The last round' })
  round: MatrixRoundDto | null;
  @ApiProperty({ type: [MatrixCellDto], description: 'One per column, in the columns’ order' })
  cells: MatrixCellDto[];
}

export class MatrixDto {
  @ApiProperty({ example: 'ACCSM' }) framework: string;
  @ApiProperty({
    type: [MatrixMemberDto],
    description:
      'Everyone who was ever a member of the framework (or an elector of one of these rounds), by code',
  })
  members: MatrixMemberDto[];
  @ApiProperty({ type: [MatrixRowDto] }) items: MatrixRowDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class LastAnswerDto {
  @ApiProperty({ enum: POSITION_KINDS }) position: string;
  @ApiInstant({ description: 'When the position took effect' }) at: string;
  @ApiProperty({ description: 'sha256 of the text it was given on' }) versionHash: string;
  @ApiProperty({ description: 'False when it was given on an older version of the text' })
  onCurrentVersion: boolean;
  @ApiProperty() roundNumber: number;
  @ApiProperty() onBehalf: boolean;
}

export class InboxItemDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'ACCSM' }) framework: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) titleTh: string | null;
  @ApiProperty({ enum: STATEMENT_STATES }) state: string;
  @ApiProperty({ type: String, nullable: true, example: 'collecting' }) roundState: string | null;
  @ApiInstant({ nullable: true }) deadline: string | null;
  @ApiProperty({ type: VersionRefDto }) currentVersion: VersionRefDto;
  @ApiProperty({
    enum: INBOX_REASONS,
    isArray: true,
    description:
      'position_due (no answer yet), clearance_pending (answered only "pending domestic clearance"), objection_standing (its objection blocks the round), chair_decision (it chairs the framework and the round waits for the chair)',
  })
  awaiting: string[];
  @ApiProperty({
    type: LastAnswerDto,
    nullable: true,
    description: 'Its latest position, any round',
  })
  lastAnswer: LastAnswerDto | null;
}

export class InboxDto {
  @ApiProperty({ example: 'THA' }) member: string;
  @ApiProperty({ type: [InboxItemDto], description: 'Nearest deadline first' })
  items: InboxItemDto[];
}
