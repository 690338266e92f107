import { REFUSAL_REASONS, refusalOf } from './refusal.util';
import type { RefusalReason } from './refusal.util';
import type { RecordedPosition, Round, StatementContext, StatementEvent } from './statement.types';

const HASH = 'sha256:circulated';
const AT = '2026-03-10T03:00:00.000Z';

function round(opts: Partial<Round> = {}): Round {
  return {
    number: 1,
    version: { number: 2, hash: HASH },
    openedAt: '2026-03-02T03:00:00.000Z',
    deadline: '2026-03-20T10:00:00.000Z',
    silenceRule: 'explicit',
    electorate: ['BRN', 'KHM', 'THA'],
    reminderOffsets: [],
    positions: {},
    deadlineHistory: [{ deadline: '2026-03-20T10:00:00.000Z', setAt: '2026-03-02T03:00:00.000Z' }],
    deadlinePassed: false,
    closedAt: null,
    outcome: null,
    ...opts,
  };
}

function context(opts: Partial<StatementContext> = {}): StatementContext {
  return {
    currentVersion: { number: 2, hash: HASH },
    round: round(),
    roundsOpened: 1,
    adoption: null,
    withdrawal: null,
    closure: null,
    ...opts,
  };
}

const position = (member: string, versionHash = HASH): RecordedPosition => ({
  member,
  position: 'endorse',
  versionHash,
  at: AT,
  onBehalf: false,
  recordedBy: 'focal-point',
});

// [what, state, context, event, whether the state takes the event type, the reason]
const CASES: [string, string, StatementContext, StatementEvent, boolean, RefusalReason][] = [
  [
    'an act the state does not take',
    'drafting',
    context({ round: null }),
    {
      type: 'OPEN_AD_REFERENDUM',
      at: AT,
      deadline: '2026-04-01T10:00:00Z',
      silenceRule: 'explicit',
      electorate: ['THA'],
    },
    false,
    'event_not_allowed',
  ],
  [
    'editing under review',
    'som_review',
    context({ round: null }),
    { type: 'EDIT_TEXT', at: AT, version: { number: 3, hash: 'x' } },
    false,
    'text_not_editable',
  ],
  [
    'a version that is not the next',
    'drafting',
    context({ round: null }),
    { type: 'EDIT_TEXT', at: AT, version: { number: 5, hash: 'x' } },
    true,
    'version_not_next',
  ],
  [
    'a revision to a skipped version',
    'ad_referendum.blocked',
    context(),
    { type: 'REVISE', at: AT, version: { number: 4, hash: 'x' } },
    true,
    'version_not_next',
  ],
  [
    'a position after the round closed',
    'adopted',
    context({ round: round({ closedAt: AT, outcome: 'adopted' }) }),
    { type: 'RECORD_POSITION', at: AT, position: position('THA') },
    false,
    'round_closed',
  ],
  [
    'an extension of a closed round',
    'ad_referendum.collecting',
    context({ round: round({ closedAt: AT }) }),
    { type: 'EXTEND_DEADLINE', at: AT, deadline: '2026-04-01T10:00:00Z' },
    true,
    'round_closed',
  ],
  [
    'a position of a non-elector',
    'ad_referendum.collecting',
    context(),
    { type: 'RECORD_POSITION', at: AT, position: position('JPN') },
    true,
    'member_not_in_electorate',
  ],
  [
    'a position on another text',
    'ad_referendum.collecting',
    context(),
    { type: 'RECORD_POSITION', at: AT, position: position('THA', 'sha256:old') },
    true,
    'version_not_circulated',
  ],
  [
    'the deadline before it comes',
    'ad_referendum.collecting',
    context(),
    { type: 'DEADLINE_PASSED', at: AT },
    true,
    'deadline_not_passed',
  ],
  [
    'the deadline twice',
    'ad_referendum.blocked',
    context({ round: round({ deadlinePassed: true }) }),
    { type: 'DEADLINE_PASSED', at: '2026-03-21T00:00:00.000Z' },
    true,
    'deadline_already_passed',
  ],
  [
    'an extension that is not later',
    'ad_referendum.collecting',
    context(),
    { type: 'EXTEND_DEADLINE', at: AT, deadline: '2026-03-19T10:00:00Z' },
    true,
    'deadline_not_later',
  ],
  [
    'an extension into the past',
    'ad_referendum.awaiting_decision',
    context({ round: round({ deadline: '2026-03-01T10:00:00.000Z' }) }),
    { type: 'EXTEND_DEADLINE', at: AT, deadline: '2026-03-05T10:00:00Z' },
    true,
    'deadline_not_in_future',
  ],
  [
    'a round with no electors',
    'approved_in_principle',
    context({ round: null }),
    {
      type: 'OPEN_AD_REFERENDUM',
      at: AT,
      deadline: '2026-04-01T10:00:00Z',
      silenceRule: 'explicit',
      electorate: [],
    },
    true,
    'electorate_empty',
  ],
  [
    'an elector listed twice',
    'approved_in_principle',
    context({ round: null }),
    {
      type: 'OPEN_AD_REFERENDUM',
      at: AT,
      deadline: '2026-04-01T10:00:00Z',
      silenceRule: 'explicit',
      electorate: ['THA', 'THA'],
    },
    true,
    'electorate_duplicated',
  ],
  [
    'a round whose deadline is already past',
    'approved_in_principle',
    context({ round: null }),
    {
      type: 'OPEN_AD_REFERENDUM',
      at: AT,
      deadline: '2026-03-01T10:00:00Z',
      silenceRule: 'explicit',
      electorate: ['THA'],
    },
    true,
    'deadline_not_in_future',
  ],
  [
    'a reminder after the deadline',
    'ad_referendum.collecting',
    context(),
    { type: 'REMINDER_DUE', at: '2026-03-21T00:00:00.000Z', offset: 'P1D' },
    true,
    'reminder_not_due',
  ],
];

describe('refusal.util: why the procedure refuses an event', () => {
  it.each(CASES)('%s → the reason', (_what, state, ctx, event, accepted, reason) => {
    const refusal = refusalOf(state, ctx, event, accepted);
    expect(refusal.reason).toBe(reason);
    expect(refusal.message.length).toBeGreaterThan(10);
  });

  it('has a case for every reason it can give', () => {
    expect([...new Set(CASES.map((c) => c[5]))].sort()).toEqual([...REFUSAL_REASONS].sort());
  });

  it('names the electors and the circulated text in its words', () => {
    const ctx = context();
    const outsider = refusalOf(
      'ad_referendum.collecting',
      ctx,
      { type: 'RECORD_POSITION', at: AT, position: position('JPN') },
      true,
    );
    expect(outsider.message).toBe('JPN is not in the electorate of round 1 (BRN, KHM, THA)');
    const stale = refusalOf(
      'ad_referendum.collecting',
      ctx,
      { type: 'RECORD_POSITION', at: AT, position: position('THA', 'x') },
      true,
    );
    expect(stale.details).toEqual({ circulated: { number: 2, hash: HASH } });
  });
});
