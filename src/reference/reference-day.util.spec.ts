import { dayOf } from './reference-day.util';

describe(dayOf.name, () => {
  it('counts reference days in Jakarta time, whatever zone the instant was given in', () => {
    expect(dayOf(new Date('2025-10-26T05:00:00+07:00'))).toBe('2025-10-26');
    expect(dayOf(new Date('2025-10-25T17:30:00Z'))).toBe('2025-10-26');
    expect(dayOf(new Date('2025-10-25T16:59:59Z'))).toBe('2025-10-25');
    expect(dayOf(new Date('2024-08-07T23:00:00+08:00'))).toBe('2024-08-07');
  });
});
