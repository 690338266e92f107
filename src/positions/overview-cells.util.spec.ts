import type { OverviewPositionRow, OverviewRoundRow } from './overview.repository';
import { inboxReasons, matrixCell } from './overview-cells.util';

const round = (open: boolean): OverviewRoundRow => ({
  id: 'r1',
  statementId: 's1',
  number: 1,
  versionNumber: 1,
  versionHash: 'a'.repeat(64),
  deadline: new Date('2026-04-01T10:00:00Z'),
  silenceRule: 'explicit',
  electorate: ['MYS', 'THA'],
  open,
});
const position = (kind: string, overrides: Partial<OverviewPositionRow> = {}) => ({
  statementId: 's1',
  roundId: 'r1',
  roundNumber: 1,
  roundOpen: true,
  member: 'THA',
  position: kind,
  versionHash: 'a'.repeat(64),
  takenAt: new Date('2026-03-03T04:00:00Z'),
  onBehalf: false,
  ...overrides,
});

describe('matrixCell', () => {
  it('is none before any round, and not_in_electorate for a member outside the round', () => {
    expect(matrixCell('THA', null, undefined, 'h').value).toBe('none');
    expect(matrixCell('TLS', round(true), undefined, 'h').value).toBe('not_in_electorate');
  });

  it('is outstanding for a silent elector of an open round, none once the round closed', () => {
    expect(matrixCell('THA', round(true), undefined, 'h')).toMatchObject({
      value: 'outstanding',
      outstanding: true,
      at: null,
    });
    expect(matrixCell('THA', round(false), undefined, 'h')).toMatchObject({
      value: 'none',
      outstanding: false,
    });
  });

  it('gives the position with its date; pending clearance stays outstanding while open', () => {
    expect(matrixCell('THA', round(true), position('endorse'), 'a'.repeat(64))).toEqual({
      member: 'THA',
      value: 'endorse',
      at: '2026-03-03T04:00:00.000Z',
      outstanding: false,
      onCurrentVersion: true,
      onBehalf: false,
    });
    expect(
      matrixCell('THA', round(true), position('clearance_pending'), 'b'.repeat(64)),
    ).toMatchObject({ value: 'clearance_pending', outstanding: true, onCurrentVersion: false });
    expect(matrixCell('THA', round(false), position('clearance_pending'), 'h').outstanding).toBe(
      false,
    );
  });
});

describe('inboxReasons', () => {
  it('splits outstanding into position_due and clearance_pending by the answer in the open round', () => {
    expect(inboxReasons(['outstanding'], undefined)).toEqual(['position_due']);
    expect(inboxReasons(['outstanding'], position('clearance_pending'))).toEqual([
      'clearance_pending',
    ]);
    // Pending clearance in a round that closed is an older answer: a new position is due.
    expect(
      inboxReasons(['outstanding'], position('clearance_pending', { roundOpen: false })),
    ).toEqual(['position_due']);
    expect(inboxReasons(['chair_decision', 'objection_standing'], position('object'))).toEqual([
      'objection_standing',
      'chair_decision',
    ]);
  });
});
