import { registerAs } from '@nestjs/config';
import { plainToInstance } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { DURATION } from '../../workflows/duration.util';

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

  @IsOptional()
  @IsIn(['on', 'off'], { message: 'ADREF_WORKERS must be on or off' })
  ADREF_WORKERS?: string;

  @IsOptional()
  @Matches(/^\d+$/, { message: 'ADREF_TIMER_INTERVAL_MS must be a number of milliseconds' })
  ADREF_TIMER_INTERVAL_MS?: string;

  @IsOptional()
  @Matches(/^\d+$/, { message: 'ADREF_DELIVERY_INTERVAL_MS must be a number of milliseconds' })
  ADREF_DELIVERY_INTERVAL_MS?: string;

  @IsOptional()
  @Matches(/^[1-9]\d*$/, { message: 'ADREF_DELIVERY_MAX_ATTEMPTS must be a positive whole number' })
  ADREF_DELIVERY_MAX_ATTEMPTS?: string;

  @IsOptional()
  @Matches(/^\d+$/, { message: 'ADREF_RETRY_BASE_MS must be a number of milliseconds' })
  ADREF_RETRY_BASE_MS?: string;

  @IsOptional()
  @Matches(/^\d+$/, { message: 'SMTP_PORT must be a port number' })
  SMTP_PORT?: string;

  @IsOptional()
  @Matches(DURATION, {
    message:
      'ADREF_MAX_BACKDATE must be an ISO 8601 duration of days, hours, minutes or seconds, e.g. P30D',
  })
  ADREF_MAX_BACKDATE?: string;

  @IsOptional()
  @Matches(DURATION, {
    message:
      'ADREF_TOKEN_TTL must be an ISO 8601 duration of days, hours, minutes or seconds, e.g. P90D',
  })
  ADREF_TOKEN_TTL?: string;

  @IsOptional()
  @Matches(/-----BEGIN PRIVATE KEY-----/, {
    message: 'ADREF_SIGNING_KEY must be an Ed25519 private key in PEM (PKCS#8)',
  })
  ADREF_SIGNING_KEY?: string;

  @IsOptional()
  @Matches(/^https?:\/\/[^/?#\s]+\/?$/, {
    message:
      'ADREF_PUBLIC_URL must be the address people open adref at (scheme and host), e.g. https://adref.example.go.th',
  })
  ADREF_PUBLIC_URL?: string;

  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, {
    message: 'ADREF_OIDC_ISSUER must be the issuer URL, e.g. https://id.example.go.th',
  })
  ADREF_OIDC_ISSUER?: string;

  @IsOptional()
  @IsString()
  ADREF_OIDC_CLIENT_ID?: string;

  @IsOptional()
  @IsString()
  ADREF_OIDC_CLIENT_SECRET?: string;
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

/** How long an API token works after it is issued (ISO 8601 duration). */
export const accountsConfig = registerAs('accounts', () => ({
  tokenTtl: process.env.ADREF_TOKEN_TTL || 'P90D',
}));

/** PGlite's data folder, where the signing key is kept too when none is given. */
export const dataDirFromEnv = (env: NodeJS.ProcessEnv = process.env): string =>
  env.ADREF_DATA_DIR || './data';

const numberOr = (value: string | undefined, fallback: number): number =>
  value === undefined || value === '' ? fallback : Number(value);

/** Background work: the timer scheduler and the delivery worker, in every instance. */
export const workersConfig = registerAs('workers', () => ({
  enabled: (process.env.ADREF_WORKERS ?? 'on') === 'on',
  timerIntervalMs: numberOr(process.env.ADREF_TIMER_INTERVAL_MS, 1000),
  /** Due timers fired at once, each in its own transaction over the database pool. */
  timerConcurrency: numberOr(process.env.ADREF_TIMER_CONCURRENCY, 8),
  /** How long an instance holds the timers it leased: a crash delays them this long at most. */
  timerLeaseMs: numberOr(process.env.ADREF_TIMER_LEASE_MS, 30_000),
  /** On PGlite, which has no autovacuum: how often the app vacuums its busy tables (0: never). */
  pgliteVacuumMs: numberOr(process.env.ADREF_PGLITE_VACUUM_MS, 600_000),
  deliveryIntervalMs: numberOr(process.env.ADREF_DELIVERY_INTERVAL_MS, 1000),
  maxAttempts: numberOr(process.env.ADREF_DELIVERY_MAX_ATTEMPTS, 8),
  retryBaseMs: numberOr(process.env.ADREF_RETRY_BASE_MS, 2000),
}));

/** Email over SMTP; without SMTP_HOST, emails wait (pending) until it is configured. */
export const smtpConfig = registerAs('smtp', () => ({
  host: process.env.SMTP_HOST || undefined,
  port: numberOr(process.env.SMTP_PORT, 587),
  secure: process.env.SMTP_SECURE === 'true',
  user: process.env.SMTP_USER || undefined,
  password: process.env.SMTP_PASSWORD || undefined,
  from: process.env.SMTP_FROM || 'adref <adref@localhost>',
}));

/** How far back an act may be dated (`at`), and the key that signs the audit chain. */
export const integrityConfig = registerAs('integrity', () => ({
  maxBackdate: process.env.ADREF_MAX_BACKDATE || 'P30D',
  signingKeyPem: process.env.ADREF_SIGNING_KEY || undefined,
  dataDir: dataDirFromEnv(process.env),
}));

/** Sign-in by email link and, when all three ADREF_OIDC_* are set, by the identity provider. */
export const signInConfig = registerAs('signIn', () => {
  const oidc = [
    process.env.ADREF_OIDC_ISSUER,
    process.env.ADREF_OIDC_CLIENT_ID,
    process.env.ADREF_OIDC_CLIENT_SECRET,
  ];
  if (oidc.some(Boolean) && !oidc.every(Boolean)) {
    throw new Error(
      'Invalid environment: set all of ADREF_OIDC_ISSUER, ADREF_OIDC_CLIENT_ID and ADREF_OIDC_CLIENT_SECRET, or none',
    );
  }
  const [issuer, clientId, clientSecret] = oidc;
  return {
    publicUrl: process.env.ADREF_PUBLIC_URL?.replace(/\/+$/, '') || undefined,
    oidc: issuer && clientId && clientSecret ? { issuer, clientId, clientSecret } : undefined,
  };
});
