import { nextLocalTime } from './local-time.util';

describe(nextLocalTime.name, () => {
  it('is 08:00 the same morning in Bangkok before it, and the next morning after it', () => {
    // 00:30 UTC is 07:30 in Bangkok (UTC+7): 08:00 is half an hour away.
    expect(nextLocalTime(new Date('2026-03-02T00:30:00Z'), 'Asia/Bangkok').toISOString()).toBe(
      '2026-03-02T01:00:00.000Z',
    );
    expect(nextLocalTime(new Date('2026-03-02T01:00:01Z'), 'Asia/Bangkok').toISOString()).toBe(
      '2026-03-03T01:00:00.000Z',
    );
  });

  it('at 08:00 exactly, it is now', () => {
    expect(nextLocalTime(new Date('2026-03-02T01:00:00Z'), 'Asia/Bangkok').toISOString()).toBe(
      '2026-03-02T01:00:00.000Z',
    );
  });

  it('counts the local day, not the UTC one: Tokyo (UTC+9) and Manila (UTC+8)', () => {
    // 22:00 UTC on 1 March is 07:00 on 2 March in Tokyo.
    expect(nextLocalTime(new Date('2026-03-01T22:00:00Z'), 'Asia/Tokyo').toISOString()).toBe(
      '2026-03-01T23:00:00.000Z',
    );
    expect(nextLocalTime(new Date('2026-03-01T22:00:00Z'), 'Asia/Manila').toISOString()).toBe(
      '2026-03-02T00:00:00.000Z',
    );
  });

  it('follows daylight saving where a zone has it (Europe/Paris in summer is UTC+2)', () => {
    expect(nextLocalTime(new Date('2026-07-01T12:00:00Z'), 'Europe/Paris').toISOString()).toBe(
      '2026-07-02T06:00:00.000Z',
    );
  });
});
