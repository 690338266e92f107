import { durationMs } from './duration.util';

describe(durationMs.name, () => {
  it.each([
    ['P7D', 7 * 86_400_000],
    ['P2D', 2 * 86_400_000],
    ['PT12H', 12 * 3_600_000],
    ['P1DT6H', 30 * 3_600_000],
    ['PT30S', 30_000],
    ['PT1H30M', 90 * 60_000],
  ])('reads %s', (text, ms) => expect(durationMs(text)).toBe(ms));

  it.each(['', 'P', 'PT', 'P1M', 'P1Y', '7D', 'P1.5D', 'P-1D', 'P1DT'])('refuses %j', (text) =>
    expect(durationMs(text)).toBeNull(),
  );
});
