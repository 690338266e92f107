import { retryDelayMs } from './retry-delay.util';

describe(retryDelayMs.name, () => {
  it('doubles with each attempt, within ±50 % jitter', () => {
    const base = 2000;
    for (const [attempt, nominal] of [
      [1, 2000],
      [2, 4000],
      [3, 8000],
      [6, 64000],
    ]) {
      expect(retryDelayMs(attempt, base, () => 0)).toBe(nominal * 0.5);
      expect(retryDelayMs(attempt, base, () => 0.5)).toBe(nominal);
      expect(retryDelayMs(attempt, base, () => 0.999999)).toBeCloseTo(nominal * 1.5, -1);
    }
  });

  it('never waits more than an hour and a half', () => {
    expect(retryDelayMs(40, 2000, () => 0.999999)).toBeLessThanOrEqual(5_400_000);
  });

  it('spreads retries that fail at the same moment', () => {
    const delays = new Set(Array.from({ length: 20 }, () => retryDelayMs(3, 2000)));
    expect(delays.size).toBeGreaterThan(1);
  });
});
