import type { Round } from '../../workflows/statement/statement.types';
import { calendarEvents, unfold } from '../../test/support/calendar';
import { deadlinesCalendar, roundSequence, roundUid } from './calendar-feed.util';

const THAILAND = { code: 'THA', nameEn: 'Thailand', timeZone: 'Asia/Bangkok' };

const round = (overrides: Partial<Round> = {}): Round => ({
  number: 1,
  version: { number: 1, hash: 'a'.repeat(64) },
  openedAt: '2026-03-02T02:00:00.000Z',
  deadline: '2026-03-20T10:00:00.000Z',
  silenceRule: 'explicit',
  electorate: ['MYS', 'THA'],
  positions: {},
  deadlineHistory: [{ deadline: '2026-03-20T10:00:00.000Z', setAt: '2026-03-02T02:00:00.000Z' }],
  reminderOffsets: ['P7D'],
  deadlinePassed: false,
  closedAt: null,
  outcome: null,
  ...overrides,
});

const STATEMENT = '2f1c8a56-8d8e-4c43-9d0e-6a0c3f5b7a11';

describe(deadlinesCalendar.name, () => {
  it('gives each round a stable UID and SEQUENCE 0 while its deadline has not moved', () => {
    const [event] = calendarEvents(
      deadlinesCalendar(THAILAND, [
        { statementId: STATEMENT, title: 'On tests', frameworkCode: 'ACCSM', round: round() },
      ]),
    );
    expect(event.UID).toBe(roundUid(STATEMENT, 1));
    expect(event.SEQUENCE).toBe('0');
    expect(event.DTSTART).toBe('20260320T100000Z');
    expect(event.DTSTAMP).toBe('20260302T020000Z');
  });

  it('raises SEQUENCE by one for each move of the deadline, keeping the UID', () => {
    const moved = round({
      deadline: '2026-04-10T10:00:00.000Z',
      deadlineHistory: [
        { deadline: '2026-03-20T10:00:00.000Z', setAt: '2026-03-02T02:00:00.000Z' },
        { deadline: '2026-03-31T10:00:00.000Z', setAt: '2026-03-10T02:00:00.000Z' },
        { deadline: '2026-04-10T10:00:00.000Z', setAt: '2026-03-25T02:00:00.000Z' },
      ],
    });
    expect(roundSequence(moved)).toBe(2);
    const [event] = calendarEvents(
      deadlinesCalendar(THAILAND, [
        { statementId: STATEMENT, title: 'On tests', frameworkCode: 'ACCSM', round: moved },
      ]),
    );
    expect(event.UID).toBe(roundUid(STATEMENT, 1));
    expect(event.SEQUENCE).toBe('2');
    expect(event.DTSTART).toBe('20260410T100000Z');
    expect(event['LAST-MODIFIED']).toBe('20260325T020000Z');
  });

  it('shows the member’s own answer and nothing of another member', () => {
    const answered = round({
      positions: {
        THA: {
          member: 'THA',
          position: 'endorse',
          versionHash: 'a'.repeat(64),
          at: '2026-03-05T03:00:00.000Z',
          onBehalf: false,
          recordedBy: 'someone',
        },
        MYS: {
          member: 'MYS',
          position: 'endorse_with_reservation',
          versionHash: 'a'.repeat(64),
          at: '2026-03-06T04:00:00.000Z',
          text: 'Malaysia reserves on paragraph 3.',
          onBehalf: false,
          recordedBy: 'someone else',
        },
      },
    });
    const text = unfold(
      deadlinesCalendar(THAILAND, [
        { statementId: STATEMENT, title: 'On tests', frameworkCode: 'ACCSM', round: answered },
      ]),
    );
    expect(calendarEvents(text)[0].DESCRIPTION).toContain('Thailand: endorse.');
    expect(text).not.toContain('MYS');
    expect(text).not.toContain('Malaysia');
    expect(text).not.toContain('reservation');
    // The last change is Thailand's own answer, not Malaysia's later one.
    expect(calendarEvents(text)[0]['LAST-MODIFIED']).toBe('20260305T030000Z');
  });
});
