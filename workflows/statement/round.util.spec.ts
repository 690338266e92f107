import {
  deemedConsent,
  isEndorsement,
  objectors,
  outstanding,
  pendingClearance,
  positionProblem,
  settle,
  SILENCE_READING_V1,
  tally,
  withPosition,
} from './round.util';
import type { PositionKind, RecordedPosition, Round } from './statement.types';

const HASH = 'sha256:0f1e2d3c';
const ELECTORATE = ['BRN', 'KHM', 'IDN', 'LAO', 'MYS'];

function position(
  member: string,
  kind: PositionKind = 'endorse',
  opts: Partial<RecordedPosition> = {},
): RecordedPosition {
  return {
    member,
    position: kind,
    versionHash: HASH,
    at: '2025-06-10T09:00:00.000Z',
    onBehalf: false,
    recordedBy: `focal-point-${member.toLowerCase()}`,
    ...opts,
  };
}

/** A round on ELECTORATE with the given positions (keyed by member). */
function round(positions: RecordedPosition[] = [], opts: Partial<Round> = {}): Round {
  return {
    number: 1,
    version: { number: 2, hash: HASH },
    openedAt: '2025-06-02T09:00:00.000Z',
    deadline: '2025-06-30T10:00:00.000Z',
    silenceRule: 'explicit',
    electorate: [...ELECTORATE],
    reminderOffsets: ['P7D', 'P2D', 'P1D'],
    positions: Object.fromEntries(positions.map((p) => [p.member, p])),
    deadlineHistory: [{ deadline: '2025-06-30T10:00:00.000Z', setAt: '2025-06-02T09:00:00.000Z' }],
    deadlinePassed: false,
    closedAt: null,
    outcome: null,
    ...opts,
  };
}

describe('round.util', () => {
  describe('isEndorsement', () => {
    it('counts both kinds of endorsement, not objection or pending clearance', () => {
      expect(isEndorsement('endorse')).toBe(true);
      expect(isEndorsement('endorse_with_reservation')).toBe(true);
      expect(isEndorsement('object')).toBe(false);
      expect(isEndorsement('clearance_pending')).toBe(false);
    });
  });

  describe('tally', () => {
    it('counts an empty round as all silent', () => {
      expect(tally(round())).toEqual({
        electorate: 5,
        endorse: 0,
        endorse_with_reservation: 0,
        object: 0,
        clearance_pending: 0,
        none: 5,
        endorsed: 0,
      });
    });

    it('counts each kind and sums both endorsements into `endorsed`', () => {
      const r = round([
        position('BRN'),
        position('KHM', 'endorse_with_reservation', { text: 'Interpretative statement' }),
        position('IDN', 'object', { text: 'Paragraph 4 needs rewording' }),
        position('LAO', 'clearance_pending'),
      ]);
      expect(tally(r)).toEqual({
        electorate: 5,
        endorse: 1,
        endorse_with_reservation: 1,
        object: 1,
        clearance_pending: 1,
        none: 1,
        endorsed: 2,
      });
    });

    it('ignores positions of members outside the electorate', () => {
      const r = round([position('BRN')]);
      r.positions.TLS = position('TLS');
      expect(tally(r)).toMatchObject({ electorate: 5, endorse: 1, endorsed: 1, none: 4 });
    });
  });

  describe('outstanding', () => {
    it('lists silent and clearance-pending electors, in electorate order', () => {
      const r = round([
        position('MYS', 'clearance_pending'),
        position('BRN'),
        position('IDN', 'object'),
      ]);
      expect(outstanding(r)).toEqual(['KHM', 'LAO', 'MYS']);
    });

    it('is empty when every elector endorsed or objected', () => {
      const r = round(ELECTORATE.map((m, i) => position(m, i === 0 ? 'object' : 'endorse')));
      expect(outstanding(r)).toEqual([]);
    });
  });

  describe('objectors', () => {
    it('lists the members whose standing position is an objection', () => {
      const r = round([position('KHM', 'object'), position('LAO', 'object'), position('BRN')]);
      expect(objectors(r)).toEqual(['KHM', 'LAO']);
    });

    it('forgets an objection superseded by an endorsement', () => {
      const r = withPosition(round([position('KHM', 'object')]), position('KHM', 'endorse'));
      expect(objectors(r)).toEqual([]);
    });
  });

  describe('positionProblem', () => {
    it('accepts an elector on the circulated text', () => {
      expect(positionProblem(round(), position('IDN'))).toBeNull();
    });

    it('rejects a member outside the electorate fixed at opening', () => {
      expect(positionProblem(round(), position('TLS'))).toBe('member_not_in_electorate');
    });

    it('rejects a position given on another text version', () => {
      expect(
        positionProblem(round(), position('IDN', 'endorse', { versionHash: 'sha256:old' })),
      ).toBe('version_not_circulated');
    });

    it('reports the electorate problem first when both apply', () => {
      expect(positionProblem(round(), position('CHN', 'endorse', { versionHash: 'x' }))).toBe(
        'member_not_in_electorate',
      );
    });
  });

  describe('withPosition', () => {
    it('adds or replaces the member position without mutating the round', () => {
      const before = round([position('BRN', 'object')]);
      const after = withPosition(before, position('BRN', 'endorse'));
      expect(after.positions.BRN.position).toBe('endorse');
      expect(before.positions.BRN.position).toBe('object');
      expect(after).not.toBe(before);
    });
  });

  describe('settle', () => {
    const all = (kind: PositionKind = 'endorse') => ELECTORATE.map((m) => position(m, kind));

    it('is collecting while answers are missing before the deadline', () => {
      expect(settle(round([position('BRN')]))).toBe('collecting');
      expect(settle(round([position('BRN', 'clearance_pending')]))).toBe('collecting');
    });

    it('is blocked by any standing objection, even after the deadline under silence', () => {
      expect(settle(round([position('KHM', 'object')]))).toBe('blocked');
      const late = round([position('KHM', 'object')], {
        deadlinePassed: true,
        silenceRule: 'silence_is_consent',
      });
      expect(settle(late)).toBe('blocked');
    });

    it('adopts when every elector endorsed, with or without reservation', () => {
      const positions = all();
      positions[2] = position('IDN', 'endorse_with_reservation');
      expect(settle(round(positions))).toBe('adopted');
    });

    it('does not adopt while one elector is only pending clearance', () => {
      const positions = all();
      positions[4] = position('MYS', 'clearance_pending');
      expect(settle(round(positions))).toBe('collecting');
    });

    it('after the deadline: silence adopts under silence_is_consent', () => {
      const r = round([position('BRN')], {
        deadlinePassed: true,
        silenceRule: 'silence_is_consent',
      });
      expect(settle(r)).toBe('adopted');
    });

    it('after the deadline: the chair decides under explicit', () => {
      const r = round([position('BRN')], { deadlinePassed: true, silenceRule: 'explicit' });
      expect(settle(r)).toBe('awaiting_decision');
    });

    it('after the deadline under silence_is_consent: pending clearance is not consent', () => {
      const r = round([position('BRN'), position('LAO', 'clearance_pending')], {
        deadlinePassed: true,
        silenceRule: 'silence_is_consent',
      });
      expect(settle(r)).toBe('awaiting_decision');
      expect(pendingClearance(r)).toEqual(['LAO']);
    });

    it('machine version 1 still read pending clearance as consent', () => {
      const r = round([position('BRN'), position('LAO', 'clearance_pending')], {
        deadlinePassed: true,
        silenceRule: 'silence_is_consent',
      });
      expect(settle(r, SILENCE_READING_V1)).toBe('adopted');
    });
  });

  describe('deemedConsent', () => {
    it('lists the silent electors once the deadline passed under silence', () => {
      const r = round([position('BRN'), position('LAO', 'endorse_with_reservation')], {
        deadlinePassed: true,
        silenceRule: 'silence_is_consent',
      });
      expect(deemedConsent(r)).toEqual(['KHM', 'IDN', 'MYS']);
    });

    it('is empty while an elector is pending clearance: nobody is adopted over', () => {
      const r = round([position('BRN'), position('LAO', 'clearance_pending')], {
        deadlinePassed: true,
        silenceRule: 'silence_is_consent',
      });
      expect(deemedConsent(r)).toEqual([]);
    });

    it('version 1 listed silent and clearance-pending electors', () => {
      const r = round([position('BRN'), position('LAO', 'clearance_pending')], {
        deadlinePassed: true,
        silenceRule: 'silence_is_consent',
      });
      expect(deemedConsent(r, SILENCE_READING_V1)).toEqual(['KHM', 'IDN', 'LAO', 'MYS']);
    });

    it('is empty before the deadline', () => {
      const r = round([position('BRN')], { silenceRule: 'silence_is_consent' });
      expect(deemedConsent(r)).toEqual([]);
    });

    it('is empty under the explicit rule, even after the deadline', () => {
      const r = round([position('BRN')], { deadlinePassed: true, silenceRule: 'explicit' });
      expect(deemedConsent(r)).toEqual([]);
    });
  });
});
