import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { LANGUAGES, ROLES } from '../../common/principal.entity';
import type { Language, Role } from '../../common/principal.entity';

export class CreateUserDto {
  @ApiProperty({ example: 'Somchai P.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'focal.point@ocsc.go.th' })
  @IsEmail()
  @MaxLength(320)
  email: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({
    description: 'Member code the user acts for (required for chair_secretariat and focal_point)',
    example: 'THA',
  })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'member must be a three-letter member code such as THA' })
  member?: string;

  @ApiPropertyOptional({
    enum: LANGUAGES,
    default: 'en',
    description: 'Language of messages and pages',
  })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;
}

export class CreatedUserDto {
  @ApiProperty() id: string;
  @ApiPropertyOptional({
    description:
      'Shown once; only its hash is stored. Absent when an Idempotency-Key repeat replays the answer.',
  })
  token?: string;
  @ApiProperty({ description: 'After ADREF_TOKEN_TTL (default P90D)' }) expiresAt: string;
}

/** The signed-in caller (GET /me). */
export class MeDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ type: String, nullable: true, example: 'THA' }) memberCode: string | null;
  @ApiProperty({ enum: LANGUAGES }) language: Language;
}
