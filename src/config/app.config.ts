import { registerAs } from '@nestjs/config';
import { plainToInstance } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { databaseSettingsFromEnv } from '../database/database.options';

/** The environment adref reads (DESIGN.md §4), checked once at start. */
export class Environment {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, {
    message: 'DATABASE_URL must be a postgres:// connection string',
  })
  DATABASE_URL?: string;

  @IsOptional()
  @IsString()
  ADREF_DATA_DIR?: string;

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'ADREF_ADMIN_TOKEN must be at least 16 characters' })
  ADREF_ADMIN_TOKEN?: string;
}

export function validateEnvironment(env: Record<string, unknown>): Record<string, unknown> {
  const parsed = plainToInstance(Environment, {
    ...env,
    PORT: env.PORT ? Number(env.PORT) : undefined,
  });
  const errors = validateSync(parsed, { skipMissingProperties: false });
  if (errors.length) {
    throw new Error(
      `Invalid environment: ${errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; ')}`,
    );
  }
  return env;
}

export const appConfig = registerAs('app', () => ({
  port: Number(process.env.PORT || 3000),
  adminToken: process.env.ADREF_ADMIN_TOKEN || undefined,
}));

export const databaseConfig = registerAs('database', () => databaseSettingsFromEnv(process.env));
