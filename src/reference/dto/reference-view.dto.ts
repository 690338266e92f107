import { ApiProperty } from '@nestjs/swagger';
import { ApiDay } from '../../common/openapi.decorators';

// What the reference routes answer: frameworks and members on a day, and the rows behind them.

export class ChairOnDayView {
  @ApiProperty({ example: 'LAO' }) member: string;
  @ApiProperty({ type: Number, nullable: true, example: 23 }) ordinal: number | null;
  @ApiDay() validFrom: string;
  @ApiDay({ nullable: true }) validTo: string | null;
  @ApiProperty({ type: String, nullable: true }) theme: string | null;
  @ApiProperty({ type: String, nullable: true }) secretariat: string | null;
}

export class FrameworkDto {
  @ApiProperty({ example: 'ACCSM' }) code: string;
  @ApiProperty() nameEn: string;
  @ApiProperty() nameTh: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'ACCSM',
    description: 'The framework whose chair also chairs this one (ACCSM+3 follows ACCSM)',
  })
  chairFollows: string | null;
  @ApiDay({ description: 'The day the chair, members and observers are given for' }) date: string;
  @ApiProperty({ type: ChairOnDayView, nullable: true }) chair: ChairOnDayView | null;
  @ApiProperty({ type: [String], description: 'The electorate on that day' }) members: string[];
  @ApiProperty({ type: [String] }) observers: string[];
}

export class StandingView {
  @ApiProperty({ example: 'ACCSM' }) framework: string;
  @ApiProperty({ enum: ['member', 'observer'] }) status: string;
}

export class MemberDto {
  @ApiProperty({ example: 'THA' }) code: string;
  @ApiProperty({ example: 'Thailand' }) nameEn: string;
  @ApiProperty({ example: 'ไทย' }) nameTh: string;
  @ApiDay() date: string;
  @ApiProperty({ type: [StandingView] }) frameworks: StandingView[];
}

export class MembershipDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'ACCSM' }) frameworkCode: string;
  @ApiProperty({ example: 'TLS' }) memberCode: string;
  @ApiProperty({ enum: ['member', 'observer'] }) status: string;
  @ApiDay({ nullable: true, description: 'null: older than any record' })
  validFrom: string | null;
  @ApiDay({ nullable: true, description: 'null: while it lasts' }) validTo: string | null;
  @ApiProperty({ type: String, nullable: true }) source: string | null;
}

export class ChairTermDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'ACCSM' }) frameworkCode: string;
  @ApiProperty({ type: Number, nullable: true, example: 24 }) ordinal: number | null;
  @ApiProperty({ example: 'LAO' }) chairCode: string;
  @ApiDay() validFrom: string;
  @ApiDay({ nullable: true, description: 'Inclusive' }) validTo: string | null;
  @ApiProperty({ type: String, nullable: true }) theme: string | null;
  @ApiProperty({ type: String, nullable: true }) secretariat: string | null;
  @ApiProperty({ type: String, nullable: true }) source: string | null;
}

export class MeetingDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'ACCSM' }) frameworkCode: string;
  @ApiProperty({ enum: ['PREP', 'SOM', 'HCS'] }) kind: string;
  @ApiProperty({ type: Number, nullable: true, example: 23 }) ordinal: number | null;
  @ApiDay() dateFrom: string;
  @ApiDay() dateTo: string;
  @ApiProperty({ type: String, nullable: true }) place: string | null;
  @ApiProperty({ type: String, nullable: true }) source: string | null;
  // The names the pages offer a chair to pick from, as the history and the record show them.
  @ApiProperty({ example: '20th ACCSM SOM, Chiang Rai, Thailand, 22–24 April 2019' })
  labelEn: string;
  @ApiProperty() labelTh: string;
}
