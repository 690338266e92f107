import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { DIGESTS, LANGUAGES, ROLES } from '../../common/principal.entity';
import type { Digest, Language, Role } from '../../common/principal.entity';

// A field left out is unchanged; null is refused (only `member` may be cleared with null).
const Given = () => ValidateIf((_object, value) => value !== undefined);

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;
const toInteger = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;

export class ListUsersQueryDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ description: 'Member code the users act for', example: 'THA' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'member must be a three-letter member code such as THA' })
  member?: string;

  @ApiPropertyOptional({ description: 'true: active accounts only; false: deactivated only' })
  @IsOptional()
  @Transform(toBoolean)
  @IsIn([true, false], { message: 'active must be true or false' })
  active?: boolean;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page?: number;

  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ example: 'Somchai P.' })
  @Given()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({
    example: 'focal.point@ocsc.go.th',
    description: 'Unique; stored lower-case',
  })
  @Given()
  @IsEmail()
  @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @Given()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description:
      'Member code the user acts for (a chair_secretariat or focal_point needs one); null clears it',
    example: 'THA',
  })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'member must be a three-letter member code such as THA' })
  member?: string | null;

  @ApiPropertyOptional({ enum: LANGUAGES })
  @Given()
  @IsIn(LANGUAGES)
  language?: Language;

  @ApiPropertyOptional({
    description: 'false stops every credential at once (API tokens, sessions, sign-in links)',
  })
  @Given()
  @IsIn([true, false], { message: 'active must be true or false' })
  active?: boolean;
}

export class UpdateMeDto {
  @ApiPropertyOptional({ enum: LANGUAGES, description: 'Language of messages and pages' })
  @Given()
  @IsIn(LANGUAGES)
  language?: Language;

  @ApiPropertyOptional({
    enum: DIGESTS,
    description:
      'daily: no mail per notification, one digest a day at 08:00 in the capital of your member; none: a mail per notification',
  })
  @Given()
  @IsIn(DIGESTS)
  digest?: Digest;
}

export class UserDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ type: String, nullable: true, example: 'THA' }) member: string | null;
  @ApiProperty({ enum: LANGUAGES }) language: Language;
  @ApiProperty({
    enum: DIGESTS,
    description: 'daily: notifications by mail come in one digest a day',
  })
  digest: Digest;
  @ApiProperty({ description: 'false: no credential of this user works' }) active: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: String, nullable: true }) updatedAt: string | null;
}

/** A token as the admin may see it: never the token, never its hash. */
export class TokenInfoDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['api', 'admin_env'] }) purpose: 'api' | 'admin_env';
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: String, nullable: true, description: 'null: ADREF_ADMIN_TOKEN' })
  expiresAt: string | null;
}

export class UserDetailDto extends UserDto {
  @ApiProperty({ type: [TokenInfoDto], description: 'Tokens that work now' })
  tokens: TokenInfoDto[];

  @ApiProperty({ description: 'Browser sessions open now' }) openSessions: number;
}

export class UsersPageDto {
  @ApiProperty({ type: [UserDto] }) items: UserDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class IssuedTokenDto {
  @ApiPropertyOptional({
    description:
      'Shown once; only its hash is stored. Absent when an Idempotency-Key repeat replays the answer.',
  })
  token?: string;
  @ApiProperty({ description: 'After ADREF_TOKEN_TTL' }) expiresAt: string;
  @ApiProperty({ description: 'Earlier tokens of the user, now revoked' }) revokedTokens: number;
}

export class SignedOutDto {
  @ApiProperty() revokedTokens: number;
  @ApiProperty() revokedSessions: number;
}

export class ActorDto {
  @ApiProperty({ type: String, nullable: true, description: 'null: adref itself' })
  id: string | null;

  @ApiProperty() label: string;
}

export class AccountEventDto {
  @ApiProperty() id: string;
  @ApiProperty({
    example: 'USER_DEACTIVATED',
    description:
      'USER_CREATED, USER_UPDATED, USER_DEACTIVATED, USER_REACTIVATED, TOKEN_ISSUED, TOKEN_ROTATED, SIGNED_OUT_EVERYWHERE, ADMIN_TOKEN_REPLACED or ADMIN_TOKEN_RETIRED',
  })
  type: string;

  @ApiProperty({ type: ActorDto }) actor: ActorDto;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;
  @ApiProperty() at: string;
}
