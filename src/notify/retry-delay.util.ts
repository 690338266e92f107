const MAX_BACKOFF_MS = 3_600_000;

/** Exponential backoff with jitter: about base·2ⁿ, between half and one and a half of it. */
export function retryDelayMs(attempts: number, baseMs: number, random = Math.random): number {
  const nominal = Math.min(baseMs * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
  return Math.round(nominal * (0.5 + random()));
}
