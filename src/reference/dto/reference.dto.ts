import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
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
  ValidateIf,
} from 'class-validator';

const MEMBER_CODE = /^[A-Z]{3}$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const memberMessage = { message: '$property must be a three-letter member code such as THA' };
const dateMessage = { message: '$property must be a date YYYY-MM-DD' };
/** Meetings and chair terms are counted in the tens (the 22nd ACCSM): three digits is ample. */
export const MAX_ORDINAL = 999;

export class DateQueryDto {
  @ApiPropertyOptional({
    type: String,
    format: 'date',
    description: 'Day to ask about (YYYY-MM-DD); today when absent',
    example: '2024-08-07',
  })
  @IsOptional()
  @Matches(DATE_ONLY, dateMessage)
  @IsISO8601({ strict: true }, dateMessage)
  date?: string;
}

export class FrameworkQueryDto {
  @ApiPropertyOptional({ example: 'ACCSM' })
  @IsOptional()
  @IsString()
  framework?: string;
}

export class CreateMembershipDto {
  @ApiProperty({ example: 'ACCSM' }) @IsString() @IsNotEmpty() framework: string;
  @ApiProperty({ example: 'TLS' }) @Matches(MEMBER_CODE, memberMessage) member: string;
  @ApiProperty({ enum: ['member', 'observer'] }) @IsIn(['member', 'observer']) status:
    'member' | 'observer';

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2025-10-26' })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @Matches(DATE_ONLY, dateMessage)
  @IsISO8601({ strict: true }, dateMessage)
  validFrom?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @Matches(DATE_ONLY, dateMessage)
  @IsISO8601({ strict: true }, dateMessage)
  validTo?: string | null;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) source?: string;
}

export class UpdateMembershipDto extends PartialType(CreateMembershipDto) {}

export class CreateChairTermDto {
  @ApiProperty({ example: 'ACCSM' }) @IsString() @IsNotEmpty() framework: string;
  @ApiProperty({ example: 'LAO' }) @Matches(MEMBER_CODE, memberMessage) chair: string;
  @ApiPropertyOptional({ example: 24, maximum: MAX_ORDINAL })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ORDINAL)
  ordinal?: number;

  @ApiProperty({ type: String, format: 'date', example: '2027-01-01' })
  @Matches(DATE_ONLY, dateMessage)
  @IsISO8601({ strict: true }, dateMessage)
  validFrom: string;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2028-12-31' })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @Matches(DATE_ONLY, dateMessage)
  @IsISO8601({ strict: true }, dateMessage)
  validTo?: string | null;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) theme?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) secretariat?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) source?: string;
}

export class UpdateChairTermDto extends PartialType(CreateChairTermDto) {}

export class CreateMeetingDto {
  @ApiProperty({ example: 'ACCSM' }) @IsString() @IsNotEmpty() framework: string;
  @ApiProperty({ enum: ['PREP', 'SOM', 'HCS'] }) @IsIn(['PREP', 'SOM', 'HCS']) kind:
    'PREP' | 'SOM' | 'HCS';
  @ApiPropertyOptional({ example: 23, maximum: MAX_ORDINAL })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ORDINAL)
  ordinal?: number;

  @ApiProperty({ type: String, format: 'date', example: '2026-08-04' })
  @Matches(DATE_ONLY, dateMessage)
  @IsISO8601({ strict: true }, dateMessage)
  dateFrom: string;

  @ApiProperty({ type: String, format: 'date', example: '2026-08-06' })
  @Matches(DATE_ONLY, dateMessage)
  @IsISO8601({ strict: true }, dateMessage)
  dateTo: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) place?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) source?: string;
}

export class UpdateMeetingDto extends PartialType(CreateMeetingDto) {}

/** A meeting of the reference data as every view shows it (statement, history, record). */
export class MeetingViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'ACCSM' }) framework: string;
  @ApiProperty({ enum: ['PREP', 'SOM', 'HCS'] }) kind: string;
  @ApiProperty({ type: Number, nullable: true, example: 20 }) ordinal: number | null;
  @ApiProperty({ type: String, format: 'date', example: '2019-04-22' }) dateFrom: string;
  @ApiProperty({ type: String, format: 'date', example: '2019-04-24' }) dateTo: string;
  @ApiProperty({ type: String, nullable: true, example: 'Chiang Rai, Thailand' })
  place: string | null;
  @ApiProperty({ example: '20th ACCSM SOM, Chiang Rai, Thailand, 22–24 April 2019' })
  labelEn: string;
  @ApiProperty({
    example: 'การประชุมเจ้าหน้าที่อาวุโส (SOM) ACCSM ครั้งที่ 20, Chiang Rai, Thailand, 22–24 เมษายน 2562',
  })
  labelTh: string;
}
