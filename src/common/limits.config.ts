import { registerAs } from '@nestjs/config';

/** Requests a rate limit allows per window, or null when it is off. */
export type RateLimit = { limit: number; windowMs: number } | null;

export interface LimitsConfig {
  /** Failed authentications (401 to a request that carried a credential) per client address. */
  authFailures: RateLimit;
  /** Writes (POST, PUT, PATCH, DELETE) per signed-in principal. */
  writes: RateLimit;
  /** Express's `trust proxy`: which proxies may name the client in X-Forwarded-For. */
  trustProxy: boolean | number | string;
}

const WINDOW_MS = 60_000;

/** `20` (a minute), `off`, or unset for the default. */
export function parseRateLimit(
  name: string,
  value: string | undefined,
  fallback: number,
): RateLimit {
  if (value === undefined || value === '') return { limit: fallback, windowMs: WINDOW_MS };
  if (value === 'off') return null;
  if (!/^[1-9]\d{0,8}$/.test(value)) {
    throw new Error(`Invalid environment: ${name} must be a whole number per minute, or off`);
  }
  return { limit: Number(value), windowMs: WINDOW_MS };
}

/** `true`, a number of hops, or addresses and subnets such as `loopback, 10.0.0.0/8`. */
export function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

export const limitsConfig = registerAs('limits', (): LimitsConfig => ({
  authFailures: parseRateLimit(
    'ADREF_RATE_AUTH_FAILURES',
    process.env.ADREF_RATE_AUTH_FAILURES,
    20,
  ),
  writes: parseRateLimit('ADREF_RATE_WRITES', process.env.ADREF_RATE_WRITES, 120),
  trustProxy: parseTrustProxy(process.env.ADREF_TRUST_PROXY),
}));
